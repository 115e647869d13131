"""Finding articles: full-text search and the archive's filtered lists (往期稿件).

Both filter with ``ArticleFilter`` at clean URLs: a request whose query string has empty,
unknown or out-of-order parameters is redirected to the clean form, so every list has one
address. Invalid values answer 400 with the form's errors; only public articles are found.
"""

import logging
from dataclasses import dataclass

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from .. import search
from ..filters import FILTER_PARAMETERS, ArticleFilter
from ..models import Article
from ..views import ArticleListMixin

logger = logging.getLogger(__name__)


class FilteredListMixin(ArticleListMixin):
    """A paginated list of public articles, filtered by ``ArticleFilter`` at a clean URL."""

    # The parameters of a clean URL, in order; ``page`` is added last.
    parameters = FILTER_PARAMETERS

    def clean_parameters(self) -> list[tuple[str, str]]:
        query = self.request.GET
        pairs = [(name, query.get(name, "").strip()) for name in self.parameters]
        pairs = [(name, value) for name, value in pairs if value]
        page = query.get("page", "").strip()
        if page and page != "1":
            pairs.append(("page", page))
        return pairs

    def get(self, request, *args, **kwargs):
        clean = self.clean_parameters()
        given = [(name, value) for name, values in request.GET.lists() for value in values]
        if given != clean:
            return HttpResponseRedirect(request.path + (f"?{urlencode(clean)}" if clean else ""))
        return super().get(request, *args, **kwargs)

    @cached_property
    def filterset(self) -> ArticleFilter:
        return ArticleFilter(self.request.GET or None, queryset=self.base_queryset())

    def base_queryset(self):
        """The unfiltered list: public articles, newest first, listing data prefetched."""
        return super().get_queryset()

    def is_valid(self) -> bool:
        return self.filterset.form.is_bound is False or self.filterset.is_valid()

    def get_queryset(self):
        if not self.is_valid():
            return Article.objects.none()
        return self.filterset.qs

    def render_to_response(self, context, **response_kwargs):
        if not self.is_valid():
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)

    def get_context_data(self, **kwargs):
        clean = urlencode(self.clean_parameters())
        canonical = self.request.build_absolute_uri(self.request.path)
        return super().get_context_data(
            filter=self.filterset,
            form=self.filterset.form,
            canonical_url=f"{canonical}?{clean}" if clean else canonical,
            **kwargs,
        )


class ArchiveArticlesView(FilteredListMixin, ListView):
    """往期稿件: every public article, newest first, filtered by date, section, author,
    genre and page."""

    template_name = "articles/archive_articles.html"


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        required=False,
        widget=forms.SearchInput(attrs={"placeholder": _("Words or characters, e.g. 吉林")}),
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[("", _("Best match")), ("date", _("Newest first"))],
    )

    def clean_q(self) -> search.ParsedQuery:
        try:
            return search.parse_query(self.cleaned_data["q"])
        except search.QueryTooComplex:
            raise forms.ValidationError(
                _("Use at most %(count)s words."), params={"count": search.MAX_CLAUSES}
            ) from None


@dataclass(frozen=True)
class SearchResult:
    article: Article
    kicker: SafeString
    title: SafeString
    snippet: SafeString


class SearchView(FilteredListMixin, ListView):
    """/search/?q=: full-text search in Chinese over public articles, ranked, highlighted,
    filtered like the archive lists."""

    template_name = "articles/search.html"
    parameters = ["q", *FILTER_PARAMETERS, "sort"]

    @cached_property
    def search_form(self) -> SearchForm:
        return SearchForm(self.request.GET)

    def is_valid(self) -> bool:
        return self.search_form.is_valid() and super().is_valid()

    @property
    def parsed_query(self) -> search.ParsedQuery:
        return self.search_form.cleaned_data["q"]

    @property
    def searching(self) -> bool:
        """A query with something to look for, or filters to list by."""
        return self.is_valid() and (bool(self.parsed_query) or self.filterset.active)

    # The window of the newest matches this request searched (None: listing by filters only).
    window: search.Window | None = None

    def get_queryset(self):
        if not self.searching:
            return Article.objects.none()
        articles = self.filterset.qs
        if not self.parsed_query:
            return articles
        # At most NEWSPAPER_SEARCH_WINDOW matches, the newest, are read, counted and ranked;
        # see articles/search/window.py.
        self.window = search.newest_matches(articles, self.parsed_query)
        newest_first = self.search_form.cleaned_data["sort"] == "date"
        found = search.window_results(self.window, self.parsed_query, newest_first=newest_first)
        return found.with_listing_data()

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if self.window is not None:
            paginator.count = self.window.count  # known: no COUNT query
        return paginator

    def get_context_data(self, **kwargs):
        """The results of the page shown, highlighted; a search the database fails to answer
        (a timeout, say) is a message on the page, never an error."""
        try:
            return self.results_context(**kwargs)
        except DatabaseError as error:
            logger.warning("Search failed for %r: %s", self.request.GET.get("q", ""), error)
            kwargs["object_list"] = Article.objects.none()
            context = super().get_context_data(**kwargs)
            context.update(
                search_form=self.search_form,
                results=[],
                searching=False,
                search_failed=True,
                query_text=self.request.GET.get("q", "").strip(),
            )
            return context

    def results_context(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.parsed_query if self.is_valid() else search.ParsedQuery((), ())
        results = [
            SearchResult(
                article=article,
                kicker=search.highlight(article.kicker, query),
                title=search.highlight(article.headline, query),
                snippet=search.snippet(
                    "\n".join([*article.highlight_list, article.body_text]), query
                ),
            )
            for article in context["articles"]
        ]
        window = self.window
        context.update(
            search_form=self.search_form,
            results=results,
            searching=self.searching,
            query_text=self.request.GET.get("q", "").strip(),
            # More matches than the window: the count is "more than", and the best matches
            # are the best of the newest ``window_size`` (the template may say so).
            more_matches=bool(window and window.more),
            window_size=search.window_size(),
            count_note=(
                _("More than %(count)s articles found; the newest %(count)s are shown.")
                % {"count": intcomma(window.count)}
                if window and window.more
                else ""
            ),
        )
        return context
