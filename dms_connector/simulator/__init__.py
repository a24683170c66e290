"""The enaio SIMULATOR: a stand-in for enaio's two REST APIs (DMS service
``/api/dms`` and appconnector ``/osrest/api``) for tests and demos. It is NOT
a real enaio and says so on every page and response header.

Behaviour follows the public facts in ``enaio-rest.md``; where they are silent
the simulator's guess is marked ``# [U]`` in the code, and it errs on the
strict side so a client passing here has a fair chance against the real thing."""

from dms_connector.simulator.app import create_app
from dms_connector.simulator.context import SimSettings
from dms_connector.simulator.faults import Faults
from dms_connector.simulator.server import RunningSimulator, serve_forever, start_simulator

__all__ = [
    "Faults",
    "RunningSimulator",
    "SimSettings",
    "create_app",
    "serve_forever",
    "start_simulator",
]
