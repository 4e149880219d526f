from django import template
from django.urls import translate_url
from django.utils.safestring import mark_safe

from core.text import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    return mark_safe(render_markdown(text))


@register.filter
def accessible(bound_field):
    """Render a form field's widget tied to its help text and errors for screen readers."""
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}_help")
    attrs = {}
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def url_with(context, **changes):
    """The current query string with some parameters replaced (None or "" removes one)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def language_url(context, language_code):
    """The current page in another language (plain link: works without JavaScript or cookies)."""
    return translate_url(context["request"].get_full_path(), language_code)


@register.filter
def person(user):
    """A person's name, or "former member" once their account is deleted (the foreign key
    is SET_NULL): {{ version.submitted_by|person }}."""
    from django.utils.translation import gettext

    if user is None:
        return gettext("former member")
    return getattr(user, "name", "") or str(user)


@register.inclusion_tag("partials/_breadcrumbs.html")
def breadcrumbs(*links, current=""):
    """The trail of links above a page's heading, one partial for every page:

        {% url 'portal:library_list' as list_url %}
        {% breadcrumbs list_url _("Libraries") current=library.display_name %}

    `links` are url, label pairs (a pair with an empty url or label is left out, so a trail can
    have optional steps); `current` names the page itself (not linked)."""
    pairs = zip(links[::2], links[1::2], strict=True)
    return {"links": [(url, label) for url, label in pairs if url and label], "current": current}
