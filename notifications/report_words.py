"""The report's sentences, from its plain (JSON) form, for the table and the HTML page alike: the period, why
each case is to be acted on, the trend's summary, and what each figure counts, with the figures of the policy
in force written into each definition. The words themselves are in `states.catalogue_report`."""

from __future__ import annotations

from typing import Any

from notifications.formatting import LocaleFormats
from states.messages import render


class ReportWords:
    def __init__(self, language: str, timezone: str = "Europe/Oslo") -> None:
        self.language = language
        self.formats = LocaleFormats(language, timezone)

    def say(self, code: str, **params: Any) -> str:
        return render(code, params, self.language, self.formats)

    def number(self, value: float | None, pattern: str = "#,##0.#") -> str:
        return "–" if value is None else self.formats.number(value, pattern)

    def period(self, r: dict[str, Any]) -> str:
        p = r["period"]
        if p["start"] is None:
            return self.say("report_period_open", end=p["end"], made=r["made_at"])
        return self.say("report_period", start=p["start"], end=p["end"], made=r["made_at"])

    def reasons(self, case: dict[str, Any], r: dict[str, Any]) -> list[str]:
        """Why the case is to be acted on, one short phrase per reason."""
        current = r["current"]
        limits = {"past_horizon_escalation": current["horizon_escalation_months"],
                  "past_horizon_warning": current["horizon_warning_months"]}
        said = []
        for reason in case["reasons"]:
            if reason == "stalled":
                said.append(self.say("act_stalled", since=case["stalled_since"]))
            elif reason in limits:
                said.append(self.say(f"act_{reason}", months=case["months_open"], limit=limits[reason]))
            else:
                said.append(self.say(f"act_{reason}", day=case["certificate_expires"]))
        return said

    def trend_heading(self, trend: dict[str, Any]) -> str:
        if trend["target_per_year"] is None:
            return self.say("trend_heading_no_target")
        return self.say("trend_heading", target=trend["target_per_year"])

    def trend_summary(self, trend: dict[str, Any]) -> str:
        months = len(trend["months"])
        if trend["target"] is None:
            return self.say("trend_summary_no_target", households=trend["households"], months=months)
        return self.say("trend_summary", households=trend["households"], months=months,
                        target=self.number(trend["target"]))

    def definitions(self, r: dict[str, Any]) -> list[str]:
        """What each figure counts, by the figures it was counted with."""
        trend, conversion, current = r["trend"], r["certificate_conversion"], r["current"]
        target = self.say("def_target_none") if trend["target_per_year"] is None else self.say(
            "def_target", target=trend["target_per_year"], source=trend["target_source"] or "–")
        benchmark = "" if conversion["benchmark_percent"] is None else self.say(
            "def_benchmark", source=conversion["benchmark_source"],
            percent=self.formats.percent(conversion["benchmark_percent"], "0.#"))
        thresholds = ", ".join(
            self.say("def_never", state=state) if days is None else self.say("def_days", state=state, days=days)
            for state, days in r["to_act_on"]["stall_days"].items())
        said = [
            self.say("def_moved_in", moved_in="moved_in"),
            target,
            self.say("def_open_to_move_in", months=r["open_to_move_in"]["horizon_months"]),
            self.say("def_conversion", window=conversion["window_months"], contracted="contracted",
                     benchmark=benchmark),
            self.say("def_funnel"),
            self.say("def_time_in_state"),
            self.say("def_stalled", thresholds=thresholds, contracted="contracted"),
            self.say("def_horizon", warning=current["horizon_warning_months"],
                     escalation=current["horizon_escalation_months"]),
            self.say("def_certificates", days=current["expiring_window_days"], financed="financed",
                     searching="searching", bidding="bidding"),
        ]
        if r["to_act_on"]["prospects_not_contacted"] is not None:
            said.append(self.say("def_prospects"))
        return said
