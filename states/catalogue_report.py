"""The supervisors' report's own words, in bokmål and English (`states.messages` renders them; placeholders as
there; numbers come already written in the reader's language). The table, the HTML page and the charts all
take their new words from here, so a language added here reaches every form of the report."""

from __future__ import annotations

REPORT: dict[str, tuple[str, str]] = {
    # --- the period and when the report was made ---
    "report_period": ("Periode: {start:date}–{end:date} · laget {made:moment}",
                      "Period: {start:date} to {end:date} · made {made:moment}"),
    "report_period_open": ("Periode: til og med {end:date} (ingen saker ennå) · laget {made:moment}",
                           "Period: up to {end:date} (no cases yet) · made {made:moment}"),
    # --- the cases to act on ---
    "act_heading": ("Saker å følge opp ({count})", "Cases to act on ({count})"),
    "act_none": ("Ingen saker å følge opp i dag.", "No cases to act on today."),
    "act_case": ("Sak", "Case"),
    "act_caseworker": ("Saksbehandler", "Caseworker"),
    "act_state": ("Status", "Status"),
    "act_opened": ("Åpnet", "Opened"),
    "act_what": ("Følg opp", "To act on"),
    "act_unassigned": ("ingen", "none"),
    "act_stalled": ("står stille, sist aktiv {since:date}", "stalled, last active {since:date}"),
    "act_past_horizon_escalation": ("åpen i {months} mnd, over {limit}: videreføre/avslutte?",
                                    "open {months} months, past {limit}: continue or close?"),
    "act_past_horizon_warning": ("åpen i {months} mnd, over {limit}", "open {months} months, past {limit}"),
    "act_certificate_expired": ("finansieringsbeviset utløp {day:date}", "certificate expired {day:date}"),
    "act_certificate_expiring": ("finansieringsbeviset utløper {day:date}", "certificate expires {day:date}"),
    "act_prospects": ("Mulige kjøpere som ikke er kontaktet ({count})", "Prospects not contacted ({count})"),
    "act_prospects_none": ("Ingen: alle mulige kjøpere er kontaktet.", "None: every prospect has been contacted."),
    "act_household": ("Husstand", "Household"),
    "act_assessed": ("Vurdert", "Assessed"),
    # --- households moved in per month against the target ---
    "trend_heading": ("Innflyttet per måned mot målet om {target} husstander i året",
                      "Moved in per month against the target of {target} households a year"),
    "trend_heading_no_target": ("Innflyttet per måned (uten mål)", "Moved in per month (no target)"),
    "trend_summary": ("{households} husstander på {months} måneder; målet for dem: {target}.",
                      "{households} households in {months} months; the target for them: {target}."),
    "trend_summary_no_target": ("{households} husstander på {months} måneder.",
                                "{households} households in {months} months."),
    "trend_month": ("Måned", "Month"),
    "trend_moved_in": ("Innflyttet", "Moved in"),
    "trend_cumulative": ("Sum", "Total"),
    "trend_target": ("Mål (sum)", "Target (total)"),
    "trend_chart": ("Innflyttet, lagt sammen måned for måned, mot målet",
                    "Moved in, added up month by month, against the target"),
    "trend_legend_moved_in": ("innflyttet (sum)", "moved in (total)"),
    "trend_legend_target": ("målet ({target} i året)", "the target ({target} a year)"),
    "trend_per_month": ("per måned", "per month"),
    # --- the overview's funnel: from the register to moving in ---
    "ovf_heading": ("Oversikten: fra registeret til innflytting, {start:date}–{end:date}",
                    "The overview: from the register to moving in, {start:date} to {end:date}"),
    "ovf_step": ("Steg", "Step"),
    "ovf_count": ("Antall", "Number"),
    "ovf_households": ("husstander i registeret", "households in the register"),
    "ovf_assessed": ("vurdert i perioden", "assessed in the period"),
    "ovf_prospects": ("kan kjøpe", "able to buy"),
    "ovf_contacted": ("kontaktet", "contacted"),
    "ovf_interested": ("interessert", "interested"),
    "ovf_cases_opened": ("saker åpnet", "cases opened"),
    "ovf_moved_in": ("flyttet inn", "moved in"),
    "ovf_year": ("År", "Year"),
    "ovf_units_released": ("Kommunale boliger frigjort", "Municipal units released"),
    "ovf_register_units": ("Kommunale boliger i registeret", "Municipal units in the register"),
    # --- what each measure counts ---
    "definitions": ("Slik er tallene regnet", "What each figure counts"),
    "def_moved_in": (
        "Innflyttet: saker med status «{moved_in:state}», talt i året (og måneden) de fikk den. Barn: barna i disse"
        " husstandene. Kommunale boliger frigjort: de ulike kommunale boligene husstandene flyttet fra.",
        "Moved in: cases whose status is «{moved_in:state}», counted in the year (and month) they reached it. Children:"
        " the children of those households. Municipal units released: the distinct municipal homes they left.",
    ),
    "def_target": (
        "Målet: {target} husstander i året ({source}), fordelt likt på månedene: etter n måneder er målet"
        " {target} × n / 12.",
        "The target: {target} households a year ({source}), spread evenly over the months: after n months the"
        " target is {target} × n / 12.",
    ),
    "def_target_none": ("Målet: ikke satt (target_per_year er «never»).",
                        "The target: none set (target_per_year is \"never\")."),
    "def_open_to_move_in": (
        "Tid fra åpnet sak til innflytting: medianen (den midterste, eller snittet av de to midterste) for"
        " sakene som har flyttet inn, i måneder à 30,4 dager, og andelen av dem som flyttet inn innen {months}"
        " måneder.",
        "Time from opening to moving in: the median (the middle one, or the mean of the middle two) over the"
        " cases that moved in, in months of 30.4 days, and the share of them who moved in within {months} months.",
    ),
    "def_conversion": (
        "Kjøp med finansieringsbevis: av dem som fikk beviset for minst {window} måneder siden, regnet fra"
        " utstedelsesdatoen, andelen som signerte kjøpekontrakt (fikk status «{contracted:state}») innen {window}"
        " måneder, og andelen som aldri har kjøpt. Slik regner Husbanken også{benchmark}.",
        "Buying with a certificate: of those whose financing certificate was issued at least {window} months"
        " ago, counted from the day it was issued, the share who signed a purchase contract (reached"
        " «{contracted:state}») within {window} months, and the share who never bought. Husbanken counts the same"
        " way{benchmark}.",
    ),
    "def_benchmark": ("; {source}: {percent}", "; {source}: {percent}"),
    "def_funnel": (
        "Trakten: hvor mange ulike saker som noen gang har hatt hver status; med --year sakene åpnet det året.",
        "The funnel: how many distinct cases ever had each status; with --year the cases opened that year.",
    ),
    "def_time_in_state": (
        "Tid i hver status: fullførte opphold, fra saken fikk statusen til den fikk en annen; median og 90."
        " persentil (nærmeste rang).",
        "Time in each status: completed stays, from the day a case reached it to the day it left; the median"
        " and the 90th percentile (nearest rank).",
    ),
    "def_stalled": (
        "Står stille: åpne saker uten ny opplysning, notat eller statusendring i lengre tid enn fristen for"
        " statusen ({thresholds}); «{contracted:state}» regnes fra overtakelsesdatoen.",
        "Stalled: open cases without a new fact, note or change of status for longer than their status"
        " allows ({thresholds}); «{contracted:state}» counts from the takeover date.",
    ),
    "def_days": ("{state:state}\u00a0{days}\u00a0d", "{state:state}\u00a0{days}\u00a0d"),
    "def_never": ("{state:state} aldri", "{state:state} never"),
    "def_horizon": (
        "Horisonten: saker åpnet for minst {warning} måneder siden (saksbehandleren varsles) og for minst"
        " {escalation} måneder siden (en fagleder avgjør om saken skal videreføres eller avsluttes).",
        "The horizon: cases opened at least {warning} months ago (the caseworker is warned) and at least"
        " {escalation} months ago (a supervisor decides whether to continue or close the case).",
    ),
    "def_certificates": (
        "Finansieringsbevis som utløper: åpne saker med status «{financed:state}», «{searching:state}» eller"
        " «{bidding:state}» der beviset utløper innen {days} dager; utløpt: utløpsdatoen er passert.",
        "Certificates expiring: open cases whose status is «{financed:state}», «{searching:state}» or"
        " «{bidding:state}» and whose certificate expires within {days} days; expired: the day has passed.",
    ),
    "def_prospects": (
        "Mulige kjøpere som ikke er kontaktet: husstander som etter siste vurdering kan kjøpe en bolig som"
        " passer, og som ingen har kontaktet.",
        "Prospects not contacted: households whose latest assessment says they can buy a home that fits them,"
        " and whom no one has contacted.",
    ),
}
