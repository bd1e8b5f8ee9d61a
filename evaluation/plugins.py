"""What the evaluation app contributes to the shared pages, registered from ``EvaluationConfig.ready``."""


def register() -> None:
    pass
