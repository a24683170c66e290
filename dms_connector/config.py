"""Configuration of the enaio hand-off: connection, object types, the field
map and where each department's letters are filed.

Defaults match the enaio simulator's shipped object definition (cabinet
``Posteingang``: folder type ``Fachbereich`` keyed by ``Kennung``, document
type ``Eingangspost``), so the embedded defaults work out of the box. For a
real enaio, set ``target = "enaio"``, ``base_url``, credentials and the
internal names of *that* installation's types and fields."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator


class FieldMap(BaseModel):
    """Our metadata -> enaio field internal names. An empty name leaves the value out."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    external_id: str = Field(
        default="ExterneId",
        min_length=1,
        description=(
            "Field holding our document id. Required: it is how a retried delivery "
            "finds the object an interrupted attempt already created (search before insert)."
        ),
    )
    received_at: str = Field(default="Eingangsdatum", description="Field for the intake date.")
    sender: str = Field(default="Absender", description="Field for the sender.")
    subject: str = Field(default="Betreff", description="Field for the subject line.")
    letter_date: str = Field(default="Briefdatum", description="Field for the letter's own date.")
    reference: str = Field(
        default="Aktenzeichen",
        description="Field for the file reference (Aktenzeichen, else the first reference).",
    )
    department: str = Field(
        default="Organisationseinheit", description="Field for the department id we routed to."
    )


class DepartmentTarget(BaseModel):
    """Where one department's letters go: a fixed folder/register id, or the
    index values that identify the folder (looked up once and cached)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    location_id: str | None = Field(
        default=None, description="enaio object id of the folder or register to file into."
    )
    index: dict[str, str] | None = Field(
        default=None,
        description=(
            "Field internal name -> value identifying the folder of ``folder_type`` "
            '(e.g. {Kennung = "66"}); used when ``location_id`` is unset.'
        ),
    )

    @model_validator(mode="after")
    def _one_way(self) -> DepartmentTarget:
        if (self.location_id is None) == (self.index is None):
            raise ValueError("set exactly one of location_id or index")
        return self


class SimulatorConfig(BaseModel):
    """The built-in enaio simulator (``target = "simulator"``). NOT a real enaio."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    host: str = Field(default="127.0.0.1", description="Address the simulator listens on.")
    port: int = Field(
        default=59380, ge=0, le=65535, description="Port of the simulator (0: any free port)."
    )
    data_dir: Path | None = Field(
        default=None,
        description="Where the simulator keeps its objects. Unset: <data>/enaio-sim.",
    )
    objdef: Path | None = Field(
        default=None,
        description="Object definition JSON to serve instead of the shipped one.",
    )


class DmsConfig(BaseModel):
    """The enaio hand-off."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(
        default=True, description="Deliver routed, archived documents to the DMS."
    )
    target: Literal["simulator", "enaio"] = Field(
        default="simulator",
        description=(
            "simulator: start the built-in enaio SIMULATOR with the service and deliver to it "
            "(demo/tests); enaio: deliver to the real enaio at base_url."
        ),
    )
    api: Literal["dms", "osrest"] = Field(
        default="dms",
        description="dms: the DMS service (/api/dms, enaio >= 9.10); osrest: the appconnector.",
    )
    base_url: str = Field(
        default="http://127.0.0.1:59380",
        description="The enaio gateway, e.g. https://enaio-gateway.example (target=enaio).",
    )
    dms_path_prefix: str = Field(
        default="/api/dms",
        description="Path of the DMS service behind the gateway (some gateways use /dms).",
    )
    username: str = Field(default="scanstation", description="Technical enaio user (Basic auth).")
    password: SecretStr | None = Field(
        default=None,
        description="Its password; set SCANSTATION_DMS__PASSWORD in the environment.",
    )
    session_cookie: SecretStr | None = Field(
        default=None,
        description="Gateway JSESSIONID to send instead of Basic auth (then no password is sent).",
    )
    verify_tls: bool = Field(default=True, description="Verify the server's TLS certificate.")
    ca_bundle: Path | None = Field(
        default=None, description="CA bundle for an internal certificate authority."
    )
    connect_timeout_seconds: float = Field(default=5.0, gt=0, description="TCP connect timeout.")
    read_timeout_seconds: float = Field(
        default=60.0, gt=0, description="How long to wait for an answer (uploads included)."
    )
    document_type: str = Field(
        default="Eingangspost", description="Internal name of the document type to create."
    )
    folder_type: str = Field(
        default="Fachbereich",
        description="Internal name of the folder type the department folders have.",
    )
    folder_key_field: str = Field(
        default="Kennung",
        description=(
            "Folder field holding the department id; a department without an entry in "
            "``targets`` is filed in the folder whose field equals its id."
        ),
    )
    type_ids: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "Internal type name -> numeric objectTypeId, for servers whose object definition "
            "cannot be read (the appconnector needs numeric ids); else read from the server."
        ),
    )
    targets: dict[str, DepartmentTarget] = Field(
        default_factory=dict,
        description="Department id -> explicit target (overrides the folder_key_field lookup).",
    )
    fields: FieldMap = Field(default_factory=FieldMap, description="Field map (see FieldMap).")
    date_format: Literal["iso", "german"] | None = Field(
        default=None,
        description=(
            "How dates are sent: iso (YYYY-MM-DD) or german (DD.MM.YYYY). Unset: iso for the "
            "DMS service, german for the appconnector (public docs are silent; a guess)."
        ),
    )
    max_attempts: int = Field(
        default=0,
        ge=0,
        description=(
            "Give up (state failed) after this many attempts that hit an unexpected error; "
            "0 = never. Outages are always retried; a refusal by enaio fails at once."
        ),
    )
    batch_size: int = Field(
        default=20, ge=1, le=500, description="Deliveries claimed per worker round."
    )
    simulator: SimulatorConfig = Field(
        default_factory=SimulatorConfig, description="The built-in simulator (target=simulator)."
    )

    def effective_date_format(self) -> Literal["iso", "german"]:
        if self.date_format is not None:
            return self.date_format
        return "iso" if self.api == "dms" else "german"
