"""The whole journey through the services, on both databases."""

from helpers import case_at

from workflow.audit import verify_histories
from workflow.views import case_history, show_case


def test_a_case_goes_from_screened_to_moved_in_and_its_history_verifies(app):
    case_id = case_at(app, "moved_in")

    assert show_case(app, "ola", case_id).state == "moved_in"
    kinds = [e.kind for e in case_history(app, "ola", case_id)]
    assert kinds[0] == "opened" and kinds.count("transition") == 6
    assert verify_histories(app, "siri").ok
