"""The one error a bundle import raises."""


class BundleError(Exception):
    """A bundle that cannot be imported; ``errors`` lists every problem found."""

    def __init__(self, errors: list[str]):
        self.errors = [str(error) for error in errors]
        super().__init__("\n".join(self.errors))
