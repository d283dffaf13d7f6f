"""``python -m kg`` does what the ``kg`` command does."""
from .cli import main

if __name__ == "__main__":
    main(prog_name="kg")
