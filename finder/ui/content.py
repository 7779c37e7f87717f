"""The words of the page that are not data: the "Why Ashiatsu" sidebar and small notices."""

from __future__ import annotations

WHY_ASHIATSU = """
### Why Ashiatsu?

In Ashiatsu the therapist works with their feet, holding bars fixed to the ceiling to control
exactly how much of their weight reaches you. A whole foot spreads pressure wider than a thumb
or an elbow, so the work can go deep while feeling broad and smooth rather than sharp.

**What people come for**
- **Back pain and tight muscles.** Long, gliding strokes down the back and legs help knotted,
  overworked muscles let go, which many people with desk-bound or lifting-heavy days notice first.
- **Sleep and relaxation.** The slow, steady rhythm tends to quiet the nervous system; many
  clients say they sleep deeply the night after a session.
- **Less stress and anxiety.** An hour of being held still under even pressure is, for many, a
  reliable way to step out of a busy head.
- **Blood pressure.** Massage in general has been linked with short-term drops in blood pressure
  and heart rate, a sign of the body shifting into rest.
- **Immune support.** Research on massage points to modest effects on markers of immune
  function, likely through lower stress.
- **Recovery and flexibility for active people.** Runners, climbers and lifters use it between
  training days to ease soreness and to move more freely.

**What a session feels like**
You lie on a padded table, usually face down first, draped as in any massage. The therapist
applies warm oil and glides along your back, hips and legs with the sole and heel of the foot.
Pressure builds gradually; say at any moment if you want more or less. Expect 60 to 90 minutes,
and drink water afterwards.

**Ask your doctor first if you**
- are pregnant;
- have osteoporosis or fragile bones;
- have had surgery, a fracture or a serious injury recently;
- take blood thinners, or have had blood clots or deep vein thrombosis;
- have high blood pressure that is not under control.

Tell your therapist about any condition, medication or sore spot before you start; a good
studio asks you about them anyway.

*This is general information, not medical advice.*
"""

SAMPLE_NOTICE = (
    "You are looking at the **sample directory**: fictional studios for trying the app out. "
    "To use a real directory, start the app with `FINDER_DATA=/path/to/studios.csv` "
    "(the format is described in `data/README.md`)."
)

ATTRIBUTION = (
    "Place names and postal codes: [GeoNames](https://www.geonames.org/) (CC BY 4.0). "
    "Map tiles © [OpenStreetMap](https://www.openstreetmap.org/copyright) contributors; "
    "country outlines: Natural Earth (public domain)."
)

FAVORITES_PRIVACY = (
    "No account needed: your favourites live under a private link that only this browser remembers. "
    "Open the link on another device to see them there; anyone with the link can see the list."
)

LOCATION_PLACEHOLDER = "A postal code, a city, an address or coordinates, e.g. 78701, Portland, Maine or 51.5, -0.12"
