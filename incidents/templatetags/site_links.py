from django import template

from incidents.links import fixed_url

register = template.Library()


@register.simple_tag
def site_url(viewname: str) -> str:
    """{% site_url 'incidents:list' %}: `{% url %}` of a view without arguments, remembered
    (links.fixed_url): base.html has fifteen, reversed afresh on every page."""
    return fixed_url(viewname)
