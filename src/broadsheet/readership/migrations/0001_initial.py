import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("news", "0002_article_translations"),
    ]

    operations = [
        migrations.CreateModel(
            name="DailyReads",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("count", models.PositiveIntegerField(default=0)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="news.article",
                    ),
                ),
            ],
            options={
                "indexes": [models.Index(fields=["day", "article"], name="dailyreads_day")],
                "constraints": [
                    models.UniqueConstraint(fields=("article", "day"), name="dailyreads_unique")
                ],
            },
        ),
    ]
