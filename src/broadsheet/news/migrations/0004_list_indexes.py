"""Indexes reader lists walk newest first, stopping at the page size (docs/query-plans.md).

The old indexes led by `status` made SQLite, which has no statistics, read and sort every
live article for a page of twenty. The new ones are built before the old ones go.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_labels"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["published_at", "id", "status"], name="article_live_order"),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["section", "published_at", "id", "status"], name="article_section_order"
            ),
        ),
        migrations.RemoveIndex(model_name="article", name="article_status_pub"),
        migrations.RemoveIndex(model_name="article", name="article_section_pub"),
    ]
