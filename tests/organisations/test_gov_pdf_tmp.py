from datetime import date
from maillage.analysis.indicators import Period
from maillage.reports import content, pdf

def test_pdf(world):
    project = world.projects["projet-social-falaises-2023-2026"]
    data = content.build(project, Period(date(2026,1,1), date(2026,12,31)), content.Options(sections=("governance",)))
    out = pdf.render_pdf(data)
    open("/tmp/g/r.pdf","wb").write(out)
