"""The evaluation app's URLs, one module per part (framework, value chain, library)."""

from maillage.evaluation import urls_chain, urls_framework, urls_library

app_name = "evaluation"
urlpatterns = [*urls_framework.urlpatterns, *urls_chain.urlpatterns, *urls_library.urlpatterns]
