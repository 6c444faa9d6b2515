"""What the API gives of each record: the public pages' facts, as JSON."""

from collections.abc import Callable
from functools import cached_property

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils.serializer_helpers import ReturnList

from articles.models import Article, Citation, Fact
from articles.rendering import sentence_around
from incidents import menus
from incidents.links import url_maker
from incidents.models import (
    HUMAN_COST_FIELDS,
    WHAT_HAPPENED_FIELDS,
    Agency,
    Incident,
    LaunchSite,
    Mission,
    Vehicle,
    VehicleFamily,
)


class NamedRefSerializer(serializers.Serializer):
    """A link to a named record: its slug and name."""

    slug = serializers.CharField()
    name = serializers.CharField()


class AgencySerializer(serializers.ModelSerializer):
    page = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Agency
        fields = ["slug", "name", "short_name", "country", "gcat_code", "page"]


class FamilySerializer(serializers.ModelSerializer):
    page = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = VehicleFamily
        fields = ["slug", "name", "page"]


class VehicleSerializer(serializers.ModelSerializer):
    family = NamedRefSerializer(allow_null=True)
    page = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Vehicle
        fields = ["slug", "name", "family", "variant", "page"]


class SiteSerializer(serializers.ModelSerializer):
    page = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = LaunchSite
        fields = ["slug", "name", "short_name", "country", "gcat_code", "page"]


class MissionSerializer(serializers.ModelSerializer):
    vehicle = NamedRefSerializer(allow_null=True)
    site = NamedRefSerializer(allow_null=True)
    page = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Mission
        fields = [
            "slug",
            "name",
            "launch_tag",
            "launch_date",
            "launch_date_precision",
            "outcome",
            "vehicle",
            "site",
            "page",
        ]


class IncidentSerializer(serializers.ModelSerializer):
    mission = serializers.SerializerMethodField()
    vehicles = NamedRefSerializer(many=True)
    agencies = NamedRefSerializer(many=True)
    site = NamedRefSerializer(allow_null=True)
    sources = serializers.IntegerField(
        source="source_count",
        read_only=True,
        help_text="Articles that report it (its page lists them under Sources).",
    )
    mentions = serializers.IntegerField(
        source="mention_count",
        read_only=True,
        help_text="Further articles that mention it only in passing.",
    )
    page = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Incident
        fields = [
            "slug",
            *WHAT_HAPPENED_FIELDS,
            *HUMAN_COST_FIELDS,
            "mission",
            "vehicles",
            "agencies",
            "site",
            "summary",
            "sources",
            "mentions",
            "page",
        ]

    def get_mission(self, incident) -> dict | None:
        mission = incident.mission
        if mission is None:
            return None
        return {"slug": mission.slug, "name": mission.name, "launch_tag": mission.launch_tag}

    def to_representation(self, incident) -> dict:
        """What the fields above give (the schema is theirs), read from the row directly:
        DRF's generic fields took a third of the API list's time. The vehicles and agencies
        are named from the filter menus when the row read their ids (`with_list_data`)."""
        row = {"slug": incident.slug}
        row.update((name, getattr(incident, name)) for name in OWN_FIELDS)
        row["date"] = incident.date.isoformat()
        site = incident.site
        row.update(
            mission=self.get_mission(incident),
            vehicles=[named_ref(vehicle) for vehicle in menus.row_vehicles(incident)],
            agencies=[named_ref(agency) for agency in menus.row_all_agencies(incident)],
            site=None if site is None else named_ref(site),
            summary=incident.summary,
            sources=incident.source_count,
            mentions=incident.mention_count,
            page=self.incident_url(incident.slug),
        )
        return row

    @cached_property
    def incident_url(self) -> Callable[[str], str]:
        return url_maker("incidents:detail")


OWN_FIELDS = (*WHAT_HAPPENED_FIELDS, *HUMAN_COST_FIELDS)


def named_ref(record) -> dict:
    """What NamedRefSerializer gives of a record."""
    return {"slug": record.slug, "name": record.name}


class CitationSerializer(serializers.ModelSerializer):
    incident = serializers.SlugRelatedField[Incident](slug_field="slug", read_only=True)
    article = serializers.PrimaryKeyRelatedField[Article](read_only=True)
    passage = serializers.CharField(source="get_absolute_url", read_only=True)
    sentence = serializers.SerializerMethodField(
        help_text="The quote in the sentence around it, as the article page shows it."
    )

    class Meta:
        model = Citation
        fields = [
            "id",
            "incident",
            "article",
            "supports",
            "quote",
            "sentence",
            "start",
            "end",
            "passage",
        ]

    def get_sentence(self, citation) -> str:
        body = citation.article.body
        start, end = sentence_around(body, citation.start, citation.end)
        return body[start:end]


class FactSerializer(serializers.ModelSerializer):
    incident = serializers.SlugRelatedField[Incident](slug_field="slug", read_only=True)
    citation = serializers.PrimaryKeyRelatedField[Citation](read_only=True)

    class Meta:
        model = Fact
        fields = [
            "id",
            "incident",
            "kind",
            "value",
            "si_value",
            "si_low",
            "si_high",
            "said_by",
            "status",
            "citation",
        ]
        extra_kwargs = {"si_value": {"help_text": "Seconds, metres or kilograms."}}


class IncidentDetailSerializer(IncidentSerializer):
    citations = serializers.SerializerMethodField()
    facts = serializers.SerializerMethodField()

    class Meta(IncidentSerializer.Meta):
        fields = [*IncidentSerializer.Meta.fields, "citations", "facts"]

    def to_representation(self, incident) -> dict:
        row = super().to_representation(incident)
        row.update(citations=self.get_citations(incident), facts=self.get_facts(incident))
        return row

    @extend_schema_field(CitationSerializer(many=True))
    def get_citations(self, incident) -> ReturnList:
        cited = incident.citations.public().select_related("article", "incident")
        return serializers.ListSerializer(cited.order_by("pk"), child=CitationSerializer()).data

    @extend_schema_field(FactSerializer(many=True))
    def get_facts(self, incident) -> ReturnList:
        facts = incident.facts.public().select_related("incident").order_by("kind", "pk")
        return serializers.ListSerializer(facts, child=FactSerializer()).data


class ArticleSerializer(serializers.ModelSerializer):
    page = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Article
        fields = ["id", "title", "publisher", "url", "published_on", "kind", "page"]


class ArticleDetailSerializer(ArticleSerializer):
    """An article with the passages published incidents cite, each in its sentence: not the
    whole text, which is the publisher's."""

    passages = serializers.SerializerMethodField()

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "author", "passages"]

    @extend_schema_field(CitationSerializer(many=True))
    def get_passages(self, article) -> ReturnList:
        cited = (
            article.citations.public()
            .filter(incident__status=Incident.Status.PUBLISHED)
            .select_related("article", "incident")
            .order_by("start", "pk")
        )
        return serializers.ListSerializer(cited, child=CitationSerializer()).data


class ArticleHitSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    page = serializers.CharField()
    publisher = serializers.CharField()


class SearchSerializer(serializers.Serializer):
    query = serializers.CharField()
    count = serializers.IntegerField(help_text="Incidents found (all pages).")
    incidents = IncidentSerializer(many=True)
    articles = ArticleHitSerializer(many=True)
