from django.conf import settings


def site(request):
    return {"MAILLAGE_MODE": settings.MODE, "SITE_URL": settings.SITE_URL}
