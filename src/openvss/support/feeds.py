from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from . import selectors


class LatestNewsFeed(Feed):
    """RSS 2.0 of the latest published news."""

    title = _("Tin tức BHXH số")
    description = _("Tin hoạt động ngành, chế độ chính sách, hướng dẫn sử dụng")

    def link(self):
        return reverse("support:news")

    def items(self):
        return selectors.article_published_list()[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return reverse("support:article", args=[item.slug])

    def item_pubdate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [item.get_category_display()]


class LatestNewsAtom(LatestNewsFeed):
    """The same news as Atom 1.0."""

    feed_type = Atom1Feed
    subtitle = LatestNewsFeed.description
