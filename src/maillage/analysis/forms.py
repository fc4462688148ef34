"""Form of the written answer to an evaluative question."""

from django import forms

from maillage.analysis.models import QuestionAnswer


class QuestionAnswerForm(forms.ModelForm):
    class Meta:
        model = QuestionAnswer
        fields = ["text", "deliberated_with", "disagreements", "recommendations"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4, "class": "input--wide"}),
            "disagreements": forms.Textarea(attrs={"rows": 2}),
            "recommendations": forms.Textarea(attrs={"rows": 2}),
        }
