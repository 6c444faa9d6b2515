from django import template

from incidents.links import fixed_url, url_of

register = template.Library()


@register.simple_tag
def site_url(viewname: str, *args) -> str:
    """{% site_url 'incidents:list' %}: `{% url %}` remembered (links.fixed_url, or url_of
    with arguments): base.html has fifteen, reversed afresh on every page."""
    return url_of(viewname, *args) if args else fixed_url(viewname)
