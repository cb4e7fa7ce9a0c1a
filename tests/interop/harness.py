"""Runs the OrgSync emulator (the `orgsync emulator` command of the Release build) for boto3 tests.

    with Emulator(state) as aws:
        config = aws.client("config")
        member = aws.client("config", credentials=aws.assume("222222222222"))
        final = aws.state_out()

The emulator gets the state on a temporary file, picks a free port (--port 0) and prints its endpoint;
the harness reads it from the `export AWS_ENDPOINT_URL=` line, waits until the emulator answers a
signed call, and stops it with SIGTERM, after which the emulator writes --state-out.

Environment: ORGSYNC_CLI_DLL overrides the path of orgsync.dll (default: the Release build under
src/OrgSync.Cli). Clients never read the machine's AWS profile, config or credentials files.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import boto3
import botocore.config
import botocore.exceptions

REPO = Path(__file__).resolve().parents[2]
CLI_DLL = Path(os.environ.get("ORGSYNC_CLI_DLL", REPO / "src" / "OrgSync.Cli" / "bin" / "Release" / "net10.0" / "orgsync.dll"))

DEFAULT_ACCESS_KEY = "AKIAORGSYNCEMULATOR1"
DEFAULT_SECRET_KEY = "orgsync-emulator-secret-access-key-do-not-use"

# Clients see only what the harness gives them: no profile, shared config or credentials of the machine.
for _name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
    os.environ.pop(_name, None)
os.environ["AWS_CONFIG_FILE"] = os.devnull
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"

_START_TIMEOUT = 120  # seconds; a cold `dotnet` start on a busy two-core machine can be slow
_STOP_TIMEOUT = 60


class EmulatorError(RuntimeError):
    """The emulator would not start, answer or stop; the message carries its output."""


class Emulator:
    """A context manager around one `orgsync emulator` process serving `state`."""

    def __init__(self, state: dict, *, faults: str | None = None, seed: int | None = None):
        self._state = state
        self._faults = faults
        self._seed = seed
        self._process: subprocess.Popen[str] | None = None
        self._dir: str | None = None
        self._output: list[str] = []
        self._pump: threading.Thread | None = None
        self._final: dict | None = None
        self.endpoint: str = ""
        self.access_key: str = state.get("accessKeyId") or DEFAULT_ACCESS_KEY
        self.secret_key: str = state.get("secretAccessKey") or DEFAULT_SECRET_KEY

    # -- lifecycle -------------------------------------------------------------------------------

    def __enter__(self) -> "Emulator":
        if not CLI_DLL.is_file():
            raise EmulatorError(f"{CLI_DLL} is missing: build it first (dotnet build src/OrgSync.Cli -c Release)")
        self._dir = tempfile.mkdtemp(prefix="orgsync-interop-")
        state_file = Path(self._dir, "state.json")
        state_file.write_text(json.dumps(self._state), encoding="utf-8")
        command = ["dotnet", str(CLI_DLL), "emulator", "--state", str(state_file), "--port", "0", "--state-out", str(self._state_out_path)]
        if self._faults:
            command += ["--faults", self._faults]
        if self._seed is not None:
            command += ["--seed", str(self._seed)]
        env = dict(os.environ, DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1")
        self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        try:
            self.endpoint = self._read_endpoint()
            self._wait_until_answering()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        if self._process is not None and self._process.poll() is None:
            try:
                if self.endpoint:
                    self._stop()
            finally:
                self._kill()
        if self._pump is not None:
            self._pump.join(timeout=_STOP_TIMEOUT)
        if self._process is not None and self._process.stdout is not None:
            self._process.stdout.close()
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def state_out(self) -> dict:
        """Stops the emulator (SIGTERM) and returns the state it wrote to --state-out."""
        if self._final is None:
            self._stop()
            self._final = json.loads(self._state_out_path.read_text(encoding="utf-8"))
        return self._final

    # -- clients ---------------------------------------------------------------------------------

    def client(self, service: str, region: str = "us-east-1", credentials: dict | None = None, config: botocore.config.Config | None = None):
        """A boto3 client pointed at the emulator, signed with the home key or with `credentials` (from `assume`).

        Retries are off unless `config` says otherwise, so a test sees each answer as it was sent.
        """
        if not self.endpoint:
            raise EmulatorError("the emulator is not running: use `with Emulator(state) as aws:`")
        keys = credentials or {"aws_access_key_id": self.access_key, "aws_secret_access_key": self.secret_key}
        base = botocore.config.Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=10, read_timeout=60)
        session = boto3.session.Session(region_name=region, **keys)
        return session.client(service, endpoint_url=self.endpoint, config=base.merge(config) if config else base)

    def assume(self, account_id: str, role_name: str = "OrgSyncMemberRole") -> dict:
        """Credentials of `sts:AssumeRole` into `account_id`, as keyword arguments for `client(credentials=...)`."""
        answer = self.client("sts").assume_role(RoleArn=f"arn:aws:iam::{account_id}:role/{role_name}", RoleSessionName="orgsync-interop")
        keys = answer["Credentials"]
        return {"aws_access_key_id": keys["AccessKeyId"], "aws_secret_access_key": keys["SecretAccessKey"], "aws_session_token": keys["SessionToken"]}

    @property
    def output(self) -> str:
        """What the emulator printed so far (stdout and stderr)."""
        return "".join(self._output)

    # -- internals -------------------------------------------------------------------------------

    @property
    def _state_out_path(self) -> Path:
        return Path(self._dir or tempfile.gettempdir(), "state-out.json")

    def _read_endpoint(self) -> str:
        assert self._process is not None and self._process.stdout is not None
        found: list[str] = []

        def pump() -> None:
            for line in self._process.stdout:  # type: ignore[union-attr]
                self._output.append(line)
                if not found and line.strip().startswith("export AWS_ENDPOINT_URL="):
                    found.append(line.strip().split("=", 1)[1])

        self._pump = threading.Thread(target=pump, name="emulator-output", daemon=True)
        self._pump.start()
        deadline = time.monotonic() + _START_TIMEOUT
        while not found:
            if self._process.poll() is not None:
                time.sleep(0.2)  # let the pump collect the last lines
                raise EmulatorError(f"the emulator exited with {self._process.returncode} before it listened:\n{self.output}")
            if time.monotonic() > deadline:
                raise EmulatorError(f"the emulator printed no endpoint within {_START_TIMEOUT} s:\n{self.output}")
            time.sleep(0.05)
        return found[0]

    def _wait_until_answering(self) -> None:
        sts = self.client("sts")
        deadline = time.monotonic() + _START_TIMEOUT
        while True:
            try:
                sts.get_caller_identity()
                return
            except botocore.exceptions.ClientError:
                return  # an AWS answer, e.g. an injected fault: it is serving
            except Exception as error:  # noqa: BLE001 - no answer yet
                if time.monotonic() > deadline or self._process.poll() is not None:  # type: ignore[union-attr]
                    raise EmulatorError(f"the emulator at {self.endpoint} does not answer ({error}):\n{self.output}") from error
                time.sleep(0.1)

    def _stop(self) -> None:
        if self._process is None or self._process.poll() is not None:
            return
        self._process.send_signal(signal.SIGTERM)
        try:
            code = self._process.wait(timeout=_STOP_TIMEOUT)
        except subprocess.TimeoutExpired as error:
            raise EmulatorError(f"the emulator did not stop within {_STOP_TIMEOUT} s of SIGTERM:\n{self.output}") from error
        if code != 0:
            raise EmulatorError(f"the emulator exited with {code}:\n{self.output}")

    def _kill(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait(timeout=_STOP_TIMEOUT)
        if self._pump is not None:
            self._pump.join(timeout=_STOP_TIMEOUT)
