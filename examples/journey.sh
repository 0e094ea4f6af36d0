#!/usr/bin/env bash
# A household's whole journey, from `rto init` to `moved_in`, on a throw-away SQLite database.
# Every line it runs is printed first (as "$ rto ..."), so the output reads as a transcript.
set -euo pipefail

work=$(mktemp -d "${TMPDIR:-/tmp}/rto-journey.XXXXXX")
export RTO_DATABASE_URL="sqlite:///$work/rto.db"
today=$(date +%F)
in90=$(date -d "+90 days" +%F 2>/dev/null || date -v+90d +%F)

show() {  # the command line as one would type it
  local line="rto" arg
  for arg in "$@"; do
    if [[ "$arg" =~ [[:space:]\;] ]]; then line+=" \"$arg\""; else line+=" $arg"; fi
  done
  printf '\n$ %s\n' "$line"
}
run() { show "$@"; rto "$@"; }
refused() {  # a step the journey refuses: show it, and go on
  show "$@"
  if rto "$@"; then echo "(expected a refusal)" >&2; exit 1; else echo "(exit $?)"; fi
}

run init --admin kari --name "Kari Nordmann" --email kari@sandnes.kommune.no
run --as kari staff add ola --name "Ola Hansen" --email ola@sandnes.kommune.no --role caseworker
run --as kari staff add siri --name "Siri Fagleder" --email siri@sandnes.kommune.no --role supervisor

export RTO_USER=ola
run household add --name "Familien Berg" --adults 2 --children 2 --child-ages 4,9 \
    --unit "Rovik 12 H0201" --email berg@example.no --email-consent
household=1
run case open $household
case=1
refused case advance $case motivated

run case set $case consent=yes income_monthly=64000 income_predictable=yes plan_agreed=yes \
    debt_monthly=1200 fixed_costs_monthly=2500
run case advance $case motivated
run case set $case loan_amount=2900000 grant_amount=150000 equity=60000 \
    certificate_issued=$today certificate_expires=$in90 loan_years=30
run case advance $case financed
run case advance $case searching
run case note $case "Visning i Kirkeveien 12 lørdag; familien likte leiligheten."
run case set $case "property=Kirkeveien 12, 4306 Sandnes" property_type=cooperative asking_price=2850000 \
    common_costs_monthly=3100 property_approved=yes bid_amount=3150000 bid_result=pending
refused case advance $case bidding
run case set $case bid_amount=2950000
run case advance $case bidding
run case set $case bid_result=lost
run case advance $case searching
run case pause $case --reason "Familien venter barn; tar opp igjen etter permisjonen"
run case resume $case
run case set $case "property=Storgata 3, 4307 Sandnes" property_type=freehold asking_price=2650000 \
    common_costs_monthly=900 property_approved=yes bid_amount=2700000 bid_result=pending
run case advance $case bidding
run case set $case bid_result=accepted purchase_price=2700000 contract_date=$today takeover_date=$today
run case advance $case contracted
refused case advance $case moved_in
run case set $case tenancy_ended=yes
run case advance $case moved_in
run case show $case
run case history $case
run --as siri audit verify
printf '\nThe database is %s; delete the folder when done.\n' "$work"
