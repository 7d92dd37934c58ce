from django.urls import path

from broadsheet.syndication import feeds, views

app_name = "syndication"

urlpatterns = [
    path("feeds/rss/", feeds.SiteArticlesFeed(), name="rss"),
    path("feeds/atom/", feeds.SiteArticlesAtomFeed(), name="atom"),
    path("feeds/section/<slug:slug>/rss/", feeds.SectionArticlesFeed(), name="section_rss"),
    path("feeds/section/<slug:slug>/atom/", feeds.SectionArticlesAtomFeed(), name="section_atom"),
    path("feeds/tag/<str:slug>/rss/", feeds.TagArticlesFeed(), name="tag_rss"),
    path("feeds/tag/<str:slug>/atom/", feeds.TagArticlesAtomFeed(), name="tag_atom"),
    path("feeds/author/<slug:slug>/rss/", feeds.AuthorArticlesFeed(), name="author_rss"),
    path("feeds/author/<slug:slug>/atom/", feeds.AuthorArticlesAtomFeed(), name="author_atom"),
    path("feeds/comments/rss/", feeds.CommentFeed(), name="comments_rss"),
    path("feeds/comments/atom/", feeds.CommentAtomFeed(), name="comments_atom"),
    path("feeds/news/<str:slug>/comments/rss/", feeds.CommentFeed(), name="article_comments_rss"),
    path(
        "feeds/news/<str:slug>/comments/atom/",
        feeds.CommentAtomFeed(),
        name="article_comments_atom",
    ),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-news.xml", views.news_sitemap, name="news_sitemap"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots"),
]
