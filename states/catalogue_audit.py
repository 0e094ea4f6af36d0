"""The sentences about the household chains under signed checkpoints, in bokmål and English
(`states.messages` renders them; placeholders as there)."""

from __future__ import annotations

AUDIT: dict[str, tuple[str, str]] = {
    "household_truncated": ("sjekkpunkt {checkpoint} ({at:moment}) forseglet {sealed}, husstanden har {found}"
                            " (avkortet)",
                            "checkpoint {checkpoint} ({at:moment}) sealed {sealed}, the household has {found}"
                            " (cut short)"),
    "household_rewritten": ("nr. {first}–{last} er ikke det sjekkpunkt {checkpoint} ({at:moment}) forseglet"
                            " (endret)",
                            "nos. {first}–{last} are not what checkpoint {checkpoint} ({at:moment}) sealed"
                            " (rewritten)"),
    "household_deleted": ("husstanden mangler; sjekkpunkt {checkpoint} ({at:moment}) forseglet {sealed} hendelser"
                          " (slettet)",
                          "the household is gone; checkpoint {checkpoint} ({at:moment}) sealed {sealed} events"
                          " (deleted)"),
    "household_not_sealed": ("datert {event_at:moment}, men ikke i sjekkpunkt {checkpoint} ({at:moment}) (satt inn)",
                             "dated {event_at:moment}, but not in checkpoint {checkpoint} ({at:moment}) (inserted)"),
    "household_event_not_sealed": ("datert {event_at:moment}; sjekkpunkt {checkpoint} ({at:moment}) har bare"
                                   " {sealed} (satt inn)",
                                   "dated {event_at:moment}; checkpoint {checkpoint} ({at:moment}) sealed {sealed}"
                                   " (inserted)"),
    "checkpoint_downgraded": ("den er av format 1 og forsegler ingen husstander, etter et sjekkpunkt som gjorde det",
                              "it is of format 1 and seals no households, after a checkpoint that did"),
    "seal_refused_household": ("Forsegler ikke: husstand {household} stemmer ikke med sjekkpunkt {checkpoint}."
                               " Se `rto audit verify`.",
                               "Not sealed: household {household} disagrees with checkpoint {checkpoint}."
                               " See `rto audit verify`."),
}
