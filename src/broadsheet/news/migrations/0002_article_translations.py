from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="translations",
            field=models.ManyToManyField(
                blank=True,
                help_text="The same article in other languages: shown as a language switcher.",
                to="news.article",
                verbose_name="translations",
            ),
        ),
    ]
