from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SiteText(models.Model):
    """A block of public text that administrators edit, such as the reporting channels on ``/``."""

    key = models.SlugField(_("key"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"), help_text=_("Plain text; a blank line starts a new paragraph."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public text")
        verbose_name_plural = _("public texts")
        ordering = ["key"]

    def __str__(self):
        return self.title


class DemoData(models.Model):
    """Present once demo data has been loaded: every page then says so."""

    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("demo data marker")
        verbose_name_plural = _("demo data marker")

    def __str__(self):
        return f"{self.loaded_at:%Y-%m-%d %H:%M}"
