from django.contrib import admin

from maillage.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "verb", "summary", "actor", "organisation"]
    list_filter = ["verb"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
