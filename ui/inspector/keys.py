"""The Step inspector's keys in session state, in one place (links, tests and benches read
them too)."""
TAB = "insp_tab"                  # the panel picker: the open panel's name
LAST = "insp_last_panel"          # the panel open in the last run
PHASED, QUIZ = "insp_phased", "insp_quiz"              # the two switches
PHASES = "insp_phases"            # w2v_core.lab.phases.Phases of the current step
SCORE, FEEDBACK = "insp_score", "insp_feedback"        # the quiz's running score, last verdict
CHECK = "insp_check"              # the finite-difference check of the current step
EPOCH = "insp_epoch_run"          # the epoch under way
LINK_SETTINGS = "insp_link_settings"   # a session that opened a link: its settings open?
