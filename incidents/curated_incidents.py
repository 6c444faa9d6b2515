"""The incidents that matter most to people, and the human cost of incidents, from public
records.

GCAT lists launches, so it knows a launch that failed but not a crew lost on the way home,
a fire in a capsule on the ground, or a leak in orbit months after a good launch. The
loader (`loadcatalog`) makes a published incident of each entry here. An entry whose launch
GCAT already records as a failure adds to the catalog's incident (a name people use, the
human cost, sources) instead of making a second one.

Each entry's facts come from its `sources`; the summaries are our own words.
"""

import datetime
from dataclasses import dataclass

from incidents.models import IncidentKind


@dataclass(frozen=True)
class HumanCost:
    crew: int | None  # people on board: 0 uncrewed, None unknown
    fatalities: int | None
    injuries: int | None = None


UNCREWED = HumanCost(crew=0, fatalities=0)


@dataclass(frozen=True)
class CuratedIncident:
    key: str  # stable: the record keeps it across reloads
    date: datetime.date  # when it happened (not the launch date)
    kind: str  # an IncidentKind
    cost: HumanCost
    sources: tuple[str, ...]
    title: str = ""  # "" keeps the catalog incident's title
    launch_tag: str = ""  # the GCAT launch, "" for an incident with no orbital launch
    summary: str = ""
    vehicle: str = ""  # GCAT LV_Name, for an incident with no launch
    site: str = ""  # GCAT site code, for an incident with no launch
    agencies: tuple[str, ...] = ()  # GCAT org codes, for an incident with no launch


def _day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


CURATED_INCIDENTS: tuple[CuratedIncident, ...] = (
    CuratedIncident(
        key="apollo-1",
        title="Apollo 1 fire",
        date=_day("1967-01-27"),
        kind=IncidentKind.GROUND,
        vehicle="Saturn IB",
        site="CC",
        agencies=("NASA",),
        cost=HumanCost(crew=3, fatalities=3),
        summary="A fire in the command module during a launch rehearsal at Launch Complex 34 "
        "killed astronauts Virgil Grissom, Edward White and Roger Chaffee.",
        sources=(
            "https://www.nasa.gov/mission/apollo-1/",
            "https://en.wikipedia.org/wiki/Apollo_1",
        ),
    ),
    CuratedIncident(
        key="soyuz-1",
        title="Soyuz 1 parachute failure",
        launch_tag="1967-037",
        date=_day("1967-04-24"),
        kind=IncidentKind.REENTRY,
        cost=HumanCost(crew=1, fatalities=1),
        summary="After a troubled first flight of the Soyuz spacecraft, its parachutes failed "
        "on the way home and the capsule struck the ground, killing Vladimir Komarov.",
        sources=("https://en.wikipedia.org/wiki/Soyuz_1",),
    ),
    CuratedIncident(
        key="apollo-13",
        title="Apollo 13 oxygen tank explosion",
        launch_tag="1970-029",
        date=_day("1970-04-13"),
        kind=IncidentKind.IN_FLIGHT,
        cost=HumanCost(crew=3, fatalities=0),
        summary="An oxygen tank in the service module exploded on the way to the Moon; the "
        "crew gave up the landing, lived in the lunar module and came home safely.",
        sources=(
            "https://www.nasa.gov/mission/apollo-13/",
            "https://en.wikipedia.org/wiki/Apollo_13",
        ),
    ),
    CuratedIncident(
        key="soyuz-11",
        title="Soyuz 11 depressurisation",
        launch_tag="1971-053",
        date=_day("1971-06-30"),
        kind=IncidentKind.REENTRY,
        cost=HumanCost(crew=3, fatalities=3),
        summary="A valve opened as the descent module separated on the way home; the cabin "
        "lost its air and Georgy Dobrovolsky, Vladislav Volkov and Viktor Patsayev died.",
        sources=("https://en.wikipedia.org/wiki/Soyuz_11",),
    ),
    CuratedIncident(
        key="soyuz-18a",
        title="Soyuz 18a launch abort",
        launch_tag="1975-F02",
        date=_day("1975-04-05"),
        kind=IncidentKind.LAUNCH,
        cost=HumanCost(crew=2, fatalities=0),
        summary="The rocket's stages did not separate properly; the capsule was pulled free "
        "and landed in the Altai mountains with both cosmonauts alive.",
        sources=("https://en.wikipedia.org/wiki/Soyuz_7K-T_No.39",),
    ),
    CuratedIncident(
        key="plesetsk-1980",
        title="Plesetsk launch pad explosion",
        launch_tag="1980-E01",
        date=_day("1980-03-18"),
        kind=IncidentKind.PAD,
        cost=HumanCost(crew=0, fatalities=48),
        summary="A Vostok-2M rocket exploded while it was being fuelled at Plesetsk, killing "
        "48 members of the ground crew.",
        sources=("https://en.wikipedia.org/wiki/1980_Plesetsk_launch_pad_disaster",),
    ),
    CuratedIncident(
        key="soyuz-t-10-1",
        title="Soyuz T-10-1 pad abort",
        launch_tag="1983-F02",
        date=_day("1983-09-26"),
        kind=IncidentKind.PAD,
        cost=HumanCost(crew=2, fatalities=0),
        summary="A fire broke out at the base of the rocket before liftoff; the escape tower "
        "pulled the capsule clear seconds before the rocket exploded on the pad.",
        sources=("https://en.wikipedia.org/wiki/Soyuz_T-10-1",),
    ),
    CuratedIncident(
        key="challenger",
        title="Challenger disaster (STS-51-L)",
        launch_tag="1986-F01",
        date=_day("1986-01-28"),
        kind=IncidentKind.LAUNCH,
        cost=HumanCost(crew=7, fatalities=7),
        summary="An O-ring seal in a solid rocket booster failed in the cold; 73 seconds after "
        "liftoff the shuttle broke apart and its crew of seven was killed.",
        sources=(
            "https://history.nasa.gov/rogersrep/genindex.htm",
            "https://en.wikipedia.org/wiki/Space_Shuttle_Challenger_disaster",
        ),
    ),
    CuratedIncident(
        key="intelsat-708",
        launch_tag="1996-F01",
        date=_day("1996-02-14"),
        kind=IncidentKind.LAUNCH,
        cost=HumanCost(crew=0, fatalities=6, injuries=57),
        summary="The Long March 3B veered off course just after liftoff and crashed into a "
        "village near the launch site; the official count was 6 dead and 57 injured.",
        sources=("https://en.wikipedia.org/wiki/Intelsat_708",),
    ),
    CuratedIncident(
        key="columbia",
        title="Columbia disaster (STS-107)",
        launch_tag="2003-003",
        date=_day("2003-02-01"),
        kind=IncidentKind.REENTRY,
        cost=HumanCost(crew=7, fatalities=7),
        summary="Foam shed from the external tank at launch broke the heat shield of the left "
        "wing; on re-entry the orbiter broke apart and its crew of seven was killed.",
        sources=(
            "https://www.nasa.gov/history/columbia/",
            "https://en.wikipedia.org/wiki/Space_Shuttle_Columbia_disaster",
        ),
    ),
    CuratedIncident(
        key="alcantara-2003",
        title="Alcântara VLS-1 launch pad explosion",
        launch_tag="2003-E01",
        date=_day("2003-08-22"),
        kind=IncidentKind.PAD,
        cost=HumanCost(crew=0, fatalities=21),
        summary="A motor of the third VLS-1 rocket ignited on the pad three days before "
        "launch; the rocket and tower were destroyed and 21 technicians were killed.",
        sources=("https://en.wikipedia.org/wiki/Alc%C3%A2ntara_VLS_accident",),
    ),
    CuratedIncident(
        key="spaceshiptwo-2014",
        title="SpaceShipTwo VSS Enterprise in-flight breakup",
        date=_day("2014-10-31"),
        kind=IncidentKind.IN_FLIGHT,
        agencies=("VGX", "SCAL"),
        site="MHV",
        cost=HumanCost(crew=2, fatalities=1, injuries=1),
        summary="During a powered test flight over the Mojave Desert the feather system was "
        "unlocked too early and the spaceplane broke apart; the co-pilot was killed and the "
        "pilot was injured.",
        sources=(
            "https://www.ntsb.gov/investigations/AccidentReports/Reports/AAR1502.pdf",
            "https://en.wikipedia.org/wiki/VSS_Enterprise_crash",
        ),
    ),
    CuratedIncident(
        key="soyuz-ms-10",
        title="Soyuz MS-10 launch abort",
        launch_tag="2018-F01",
        date=_day("2018-10-11"),
        kind=IncidentKind.LAUNCH,
        cost=HumanCost(crew=2, fatalities=0),
        summary="A strap-on booster did not separate cleanly two minutes after liftoff; the "
        "escape system pulled the capsule away and both crew landed safely in Kazakhstan.",
        sources=("https://en.wikipedia.org/wiki/Soyuz_MS-10",),
    ),
    CuratedIncident(
        key="starliner-oft-1",
        title="Starliner OFT-1 failed to reach the space station",
        launch_tag="2019-094",
        date=_day("2019-12-20"),
        kind=IncidentKind.IN_FLIGHT,
        cost=UNCREWED,
        summary="A wrong mission clock kept the uncrewed Starliner from making its orbit "
        "insertion burn on time; it used too much propellant to reach the space station and "
        "landed after two days.",
        sources=("https://en.wikipedia.org/wiki/Boeing_Orbital_Flight_Test",),
    ),
    CuratedIncident(
        key="nauka-2021",
        title="Nauka thruster misfire",
        launch_tag="2021-066",
        date=_day("2021-07-29"),
        kind=IncidentKind.IN_FLIGHT,
        cost=UNCREWED,
        summary="Hours after docking, the Nauka module's thrusters fired unexpectedly and "
        "turned the International Space Station out of its attitude until other thrusters "
        "brought it back.",
        sources=("https://en.wikipedia.org/wiki/Nauka_(ISS_module)",),
    ),
    CuratedIncident(
        key="soyuz-ms-22-leak",
        title="Soyuz MS-22 coolant leak",
        launch_tag="2022-116",
        date=_day("2022-12-14"),
        kind=IncidentKind.IN_FLIGHT,
        cost=HumanCost(crew=3, fatalities=0),
        summary="The Soyuz docked at the station lost its coolant through a hole in its "
        "radiator; the crew came home in Soyuz MS-23, launched empty to replace it.",
        sources=("https://en.wikipedia.org/wiki/Soyuz_MS-22",),
    ),
    CuratedIncident(
        key="nedelin-1960",
        title="Nedelin catastrophe",
        date=_day("1960-10-24"),
        kind=IncidentKind.PAD,
        vehicle="R-16",
        site="NIIP-5",
        agencies=("RVSN",),
        cost=HumanCost(crew=0, fatalities=78),
        summary="The second stage of a prototype R-16 missile ignited while engineers and "
        "soldiers were still working around it at pad 41; the rocket exploded. The official "
        "count was 78 dead, among them Marshal Mitrofan Nedelin, the commander of the "
        "Strategic Rocket Forces; later estimates run higher. The Soviet government kept it "
        "secret until 1989.",
        sources=(
            "https://en.wikipedia.org/wiki/Nedelin_catastrophe",
            "http://russianspaceweb.com/r16_disaster.html",
        ),
    ),
    CuratedIncident(
        key="gemini-8",
        title="Gemini 8 stuck thruster and emergency landing",
        launch_tag="1966-020",
        date=_day("1966-03-16"),
        kind=IncidentKind.IN_FLIGHT,
        cost=HumanCost(crew=2, fatalities=0),
        summary="Soon after the first docking of two spacecraft, a thruster of the Gemini "
        "capsule stuck on and set it spinning about once a second. Neil Armstrong and David "
        "Scott undocked, stopped the spin with the re-entry thrusters and made an emergency "
        "landing in the western Pacific.",
        sources=("https://en.wikipedia.org/wiki/Gemini_8",),
    ),
    CuratedIncident(
        key="soyuz-5-reentry",
        title="Soyuz 5 nose-first re-entry",
        launch_tag="1969-005",
        date=_day("1969-01-18"),
        kind=IncidentKind.REENTRY,
        cost=HumanCost(crew=1, fatalities=0, injuries=1),
        summary="The service module failed to separate from the descent module, which "
        "entered the atmosphere hatch first until the joint burned through. The parachute "
        "lines tangled and the capsule landed hard; Boris Volynov survived with broken teeth.",
        sources=("https://en.wikipedia.org/wiki/Soyuz_5",),
    ),
    CuratedIncident(
        key="skylab-launch-damage",
        title="Skylab damaged during launch",
        launch_tag="1973-027",
        date=_day("1973-05-14"),
        kind=IncidentKind.LAUNCH,
        cost=UNCREWED,
        summary="About a minute into flight the station's micrometeoroid shield tore away; "
        "one of the two main solar arrays was lost later in the ascent and debris jammed the "
        "other. The station overheated and was short of power until the first crew freed the "
        "array and put up a sunshade.",
        sources=("https://en.wikipedia.org/wiki/Skylab",),
    ),
    CuratedIncident(
        key="apollo-soyuz-toxic-gas",
        title="Apollo–Soyuz crew exposed to toxic gas on re-entry",
        launch_tag="1975-066",
        date=_day("1975-07-24"),
        kind=IncidentKind.REENTRY,
        cost=HumanCost(crew=3, fatalities=0, injuries=3),
        summary="A switch left in the wrong position during descent let nitrogen tetroxide "
        "fumes from the reaction control thrusters into the command module's cabin. The three "
        "astronauts were treated in hospital in Honolulu for the damage to their lungs.",
        sources=("https://en.wikipedia.org/wiki/Apollo%E2%80%93Soyuz",),
    ),
    CuratedIncident(
        key="soyuz-23-lake-landing",
        title="Soyuz 23 splashdown in Lake Tengiz",
        launch_tag="1976-100",
        date=_day("1976-10-16"),
        kind=IncidentKind.REENTRY,
        cost=HumanCost(crew=2, fatalities=0),
        summary="After a failed docking with Salyut 5 the crew came home early and landed at "
        "night, in a snowstorm, on Lake Tengiz among floating ice. The cosmonauts waited about "
        "nine hours in the cold capsule before rescuers towed it ashore.",
        sources=("https://en.wikipedia.org/wiki/Soyuz_23",),
    ),
    CuratedIncident(
        key="kosmos-954-reentry",
        title="Kosmos 954 nuclear debris over Canada",
        launch_tag="1977-090",
        date=_day("1978-01-24"),
        kind=IncidentKind.REENTRY,
        cost=UNCREWED,
        summary="A Soviet radar satellite powered by a nuclear reactor re-entered out of "
        "control and scattered radioactive debris over the Northwest Territories of Canada; "
        "a joint Canadian and American search recovered fragments over the following months.",
        sources=("https://en.wikipedia.org/wiki/Kosmos_954",),
    ),
    CuratedIncident(
        key="soyuz-33-engine-failure",
        title="Soyuz 33 engine failure and ballistic re-entry",
        launch_tag="1979-029",
        date=_day("1979-04-12"),
        kind=IncidentKind.REENTRY,
        cost=HumanCost(crew=2, fatalities=0),
        summary="The main engine shut down during the approach to Salyut 6 and docking was "
        "called off. The backup engine brought the craft home but burned too long, and "
        "Nikolai Rukavishnikov and Georgi Ivanov came down on a steep ballistic path at up "
        "to 10 g, landing safely.",
        sources=(
            "https://en.wikipedia.org/wiki/Soyuz_33",
            "http://www.spacefacts.de/mission/english/soyuz-33.htm",
        ),
    ),
    CuratedIncident(
        key="sts-51-f-abort-to-orbit",
        title="STS-51-F engine shutdown and abort to orbit",
        launch_tag="1985-063",
        date=_day("1985-07-29"),
        kind=IncidentKind.LAUNCH,
        cost=HumanCost(crew=7, fatalities=0),
        summary="Faulty temperature sensors shut down one of Challenger's three main engines "
        "almost six minutes after liftoff; the shuttle reached a lower orbit than planned, "
        "the only abort to orbit of the programme, and the Spacelab 2 mission went on.",
        sources=("https://en.wikipedia.org/wiki/STS-51-F",),
    ),
    CuratedIncident(
        key="ariane-5-flight-501",
        title="Ariane 5 flight 501 failure",
        launch_tag="1996-F03",
        date=_day("1996-06-04"),
        kind=IncidentKind.LAUNCH,
        cost=UNCREWED,
        summary="On the first Ariane 5 launch, software reused from Ariane 4 overflowed while "
        "converting a horizontal velocity value; both inertial reference units failed, the "
        "rocket veered off course 37 seconds after liftoff and broke up, destroying the four "
        "Cluster satellites.",
        sources=(
            "https://www.esa.int/Newsroom/Press_Releases/Ariane_501_-_Presentation_of_Inquiry_Board_report",
            "https://en.wikipedia.org/wiki/Ariane_flight_V88",
        ),
    ),
    CuratedIncident(
        key="mir-fire-1997",
        title="Mir fire",
        launch_tag="1986-017",
        date=_day("1997-02-23"),
        kind=IncidentKind.IN_FLIGHT,
        cost=HumanCost(crew=6, fatalities=0),
        summary="A solid-fuel oxygen generator caught fire in the Kvant module while six "
        "people were aboard the station. The flames blocked the way to one of the two Soyuz "
        "return craft; the crew put the fire out with extinguishers and wore masks while "
        "smoke filled the station.",
        sources=(
            "https://en.wikipedia.org/wiki/Mir",
            "https://www.tampabay.com/archive/1997/03/26/astronaut-says-he-prepared-to-evacuate-mir-during-fire/",
        ),
    ),
    CuratedIncident(
        key="progress-m-34-collision",
        title="Progress M-34 collision with Mir",
        launch_tag="1997-014",
        date=_day("1997-06-25"),
        kind=IncidentKind.IN_FLIGHT,
        cost=HumanCost(crew=3, fatalities=0),
        summary="During a test of manual remote docking, the Progress cargo ship struck the "
        "Spektr module and a solar array. Spektr's hull was holed and the station began to "
        "lose air; the three people aboard cut the cables through the hatch and sealed "
        "Spektr off, and the station lost much of its power.",
        sources=(
            "https://en.wikipedia.org/wiki/Progress_M-34",
            "https://en.wikipedia.org/wiki/Spektr",
        ),
    ),
    CuratedIncident(
        key="mars-climate-orbiter",
        title="Mars Climate Orbiter lost at Mars",
        launch_tag="1998-073",
        date=_day("1999-09-23"),
        kind=IncidentKind.IN_FLIGHT,
        cost=UNCREWED,
        summary="Ground software gave thruster impulse in pound-force seconds where the "
        "navigation software expected newton-seconds. The small errors added up over the "
        "cruise, the probe arrived far too low and was lost as it tried to enter orbit.",
        sources=("https://en.wikipedia.org/wiki/Mars_Climate_Orbiter",),
    ),
    CuratedIncident(
        key="genesis-capsule-crash",
        title="Genesis sample capsule crash",
        launch_tag="2001-034",
        date=_day("2004-09-08"),
        kind=IncidentKind.REENTRY,
        cost=UNCREWED,
        summary="The capsule bringing back samples of the solar wind hit the Utah desert at "
        "high speed because its parachutes never opened: acceleration sensors had been "
        "installed upside down. Some of the samples were recovered from the wreck.",
        sources=("https://en.wikipedia.org/wiki/Genesis_(spacecraft)",),
    ),
    CuratedIncident(
        key="sea-launch-nss-8",
        title="Zenit-3SL explosion on the Sea Launch platform (NSS-8)",
        launch_tag="2007-F01",
        date=_day("2007-01-30"),
        kind=IncidentKind.LAUNCH,
        cost=UNCREWED,
        summary="Seconds after ignition the Zenit-3SL lost thrust, fell back and exploded on "
        "the Odyssey launch platform in the Pacific, destroying the NSS-8 satellite. The "
        "crew had moved to the command ship beforehand and nobody was hurt; the platform "
        "was repaired.",
        sources=(
            "https://spaceflightnow.com/sealaunch/nss8/070205sailing.html",
            "https://en.wikipedia.org/wiki/Sea_Launch",
        ),
    ),
    CuratedIncident(
        key="soyuz-tma-11-ballistic-reentry",
        title="Soyuz TMA-11 ballistic re-entry",
        launch_tag="2007-045",
        date=_day("2008-04-19"),
        kind=IncidentKind.REENTRY,
        cost=HumanCost(crew=3, fatalities=0),
        summary="The propulsion module did not separate cleanly from the descent module, "
        "which came home on a steep ballistic path at about 8 g and landed hundreds of "
        "kilometres short of its target. Yuri Malenchenko, Peggy Whitson and Yi So-yeon "
        "were recovered safely.",
        sources=("https://en.wikipedia.org/wiki/Soyuz_TMA-11",),
    ),
)
