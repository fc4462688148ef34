from django.contrib import admin

from maillage.organisations.models import (
    KeyFigures,
    Network,
    NetworkMembership,
    NetworkShare,
    Organisation,
    OrganisationMember,
    Territory,
)


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


class KeyFiguresInline(admin.TabularInline):
    model = KeyFigures
    extra = 0


class OrganisationMemberInline(admin.TabularInline):
    model = OrganisationMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "commune", "department"]
    list_filter = ["kind", "department"]
    search_fields = ["name", "commune", "siret"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [KeyFiguresInline, OrganisationMemberInline]


class NetworkMembershipInline(admin.TabularInline):
    model = NetworkMembership
    extra = 0


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "department"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [NetworkMembershipInline]


@admin.register(NetworkShare)
class NetworkShareAdmin(admin.ModelAdmin):
    list_display = ["organisation", "network", "scope", "shared_at"]
