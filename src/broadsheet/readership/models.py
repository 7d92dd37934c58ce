from __future__ import annotations

from django.db import models


class DailyReads(models.Model):
    """How many times an article page was served on one day (site time zone)."""

    article = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="dailyreads_unique")]
        indexes = [models.Index(fields=["day", "article"], name="dailyreads_day")]

    def __str__(self) -> str:
        return f"{self.article_id} {self.day}: {self.count}"
