"""Atom feeds of published incidents: all of them, a vehicle family's and an agency's, newest
first (a search's feed is the search app's)."""

import re

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from incidents.models import Agency, Incident, VehicleFamily
from incidents.rendering import render_markdown

ITEMS = 50
TITLE = "Spaceflight incidents"
# What XML 1.0 cannot hold: control characters other than tab, LF and CR, lone surrogates,
# U+FFFE and U+FFFF.
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value):
    """`value` (a string, or a list or tuple of them) without what XML cannot hold."""
    if isinstance(value, str):
        return NOT_XML.sub("", value)
    if isinstance(value, list | tuple):
        return type(value)(xml_text(each) for each in value)
    return value


class XmlSafeAtom(Atom1Feed):
    """Atom that drops the characters XML cannot hold, wherever a text comes from (a search
    typed with a control character, a title pasted with one): Django refuses to write them and
    the whole feed would fail."""

    def __init__(self, *args, **kwargs):
        super().__init__(*map(xml_text, args), **{k: xml_text(v) for k, v in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*map(xml_text, args), **{k: xml_text(v) for k, v in kwargs.items()})


class IncidentFeed(Feed):
    """Every published incident, the most recently added first."""

    feed_type = XmlSafeAtom
    title = TITLE
    subtitle = "Launch failures and other spaceflight incidents, newest first, with sources."

    def link(self):
        return reverse("incidents:list")

    def items(self):
        return self.newest(Incident.objects.published())

    def newest(self, incidents):
        return list(incidents.select_related("mission").order_by("-created_at", "-pk")[:ITEMS])

    def item_title(self, incident):
        return incident.title

    def item_description(self, incident):
        # Atom summaries are HTML: the editors' Markdown, rendered and cleaned as on the page.
        return render_markdown(incident.summary or incident.catalog_note or "")

    def item_pubdate(self, incident):
        return incident.created_at

    def item_updateddate(self, incident):
        return incident.updated_at

    def item_categories(self, incident):
        return [incident.get_kind_display(), incident.get_outcome_display()]


class FamilyFeed(IncidentFeed):
    def get_object(self, request, slug):
        return get_object_or_404(VehicleFamily, slug=slug)

    def title(self, family):
        return f"{TITLE}: {family.name}"

    def link(self, family):
        return family.get_absolute_url()

    def items(self, family):
        return self.newest(Incident.objects.published().for_family(family))


class AgencyFeed(FamilyFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Agency, slug=slug)

    def items(self, agency):
        return self.newest(Incident.objects.published().for_agency(agency))
