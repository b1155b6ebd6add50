from django.db import models
from django.utils.translation import gettext_lazy as _


class DistrictPopulation(models.Model):
    """The district's resident population for a year, as the office enters it from the statistics
    bureau's yearbook; the dashboard's "per 10,000 people" figures divide by it."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    population = models.PositiveIntegerField(_("population"))
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("e.g. the statistical yearbook"))
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("district population")
        verbose_name_plural = _("district population")
        constraints = [models.CheckConstraint(condition=models.Q(population__gt=0), name="population_positive")]

    def __str__(self) -> str:
        return f"{self.year}: {self.population}"

    @classmethod
    def of_year(cls, year: int) -> int | None:
        """The population entered for ``year``, else the nearest earlier year's, else None."""
        row = cls.objects.filter(year__lte=year).order_by("-year").first()
        return row.population if row else None
