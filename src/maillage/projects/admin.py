from django.contrib import admin

from maillage.projects.models import Membership, Project, SharedPost, SharedPostAllocation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "period_start", "period_end"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]
    inlines = [MembershipInline]


class AllocationInline(admin.TabularInline):
    model = SharedPostAllocation
    extra = 0


@admin.register(SharedPost)
class SharedPostAdmin(admin.ModelAdmin):
    list_display = ["title", "employer", "total_fte", "annual_cost"]
    inlines = [AllocationInline]
