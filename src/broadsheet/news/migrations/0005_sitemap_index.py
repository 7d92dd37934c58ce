"""An index the sitemap reads instead of the articles (docs/query-plans.md).

Sitemap files list articles by id, 50,000 a file. Keyed by the file number and each
article's sitemap date (the later of edit and publication), with the live check's
columns after them, it gives a file's newest date in one step and its URLs as one range,
without reading the rows (on SQLite their long bodies sit before these columns).
"""

from django.db import migrations, models
from django.db.models.functions import Coalesce, Greatest


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0004_list_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                models.Func(
                    models.F("id"),
                    output_field=models.IntegerField(),
                    template="(%(expressions)s / 50000)",
                ),
                Greatest("updated_at", Coalesce("published_at", "updated_at")),
                models.F("status"),
                models.F("published_at"),
                models.F("updated_at"),
                name="article_sitemap_page",
            ),
        ),
    ]
