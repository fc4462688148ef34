"""The evaluation app's URLs, one module per part (framework, value chain, library, steps)."""

from maillage.evaluation import urls_chain, urls_framework, urls_library, urls_steps

app_name = "evaluation"
urlpatterns = [
    *urls_framework.urlpatterns,
    *urls_chain.urlpatterns,
    *urls_library.urlpatterns,
    *urls_steps.urlpatterns,
]
