"""Step Functions SendTaskSuccess / SendTaskFailure through boto3, against the tokens a test issued."""
import json
import os
import sys
import unittest

from botocore.exceptions import ClientError

# The harness sits beside these modules; found however unittest is started (discover, a module name, a file).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import Emulator  # noqa: E402

HOME, MEMBER = "111111111111", "222222222222"
STATE = {
    "accountId": HOME,
    "taskTokens": [{"taskToken": "token-ok"}, {"taskToken": "token-fail"}, {"taskToken": "token-bare"},
                   {"taskToken": "token-member", "accountId": MEMBER, "region": "us-east-1"}],
}


def error(call):
    try:
        call()
    except ClientError as e:
        return e.response["Error"]["Code"], e.response["Error"]["Message"]
    raise AssertionError("expected a ClientError")


class TaskCallbackTests(unittest.TestCase):
    def test_each_token_takes_one_callback_and_every_accepted_one_is_logged(self):
        with Emulator(STATE) as emulator:
            sfn = emulator.client("stepfunctions")
            detail = json.dumps({"accountId": MEMBER, "targets": []})
            sfn.send_task_success(taskToken="token-ok", output=detail)
            sfn.send_task_failure(taskToken="token-fail", error="OrgSync.AccountSyncFailed", cause="channel: blocked")
            sfn.send_task_failure(taskToken="token-bare")

            self.assertEqual(("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'"),
                             error(lambda: sfn.send_task_success(taskToken="token-ok", output=detail)))
            self.assertEqual("TaskTimedOut", error(lambda: sfn.send_task_failure(taskToken="token-fail"))[0])
            self.assertEqual("InvalidToken", error(lambda: sfn.send_task_success(taskToken="never-issued", output="{}"))[0])
            # A token issued to another account is unknown here; its own account may use it.
            self.assertEqual("InvalidToken", error(lambda: sfn.send_task_failure(taskToken="token-member"))[0])
            emulator.client("stepfunctions", credentials=emulator.assume(MEMBER)).send_task_success(taskToken="token-member", output="[]")

            self.assertEqual([
                {"taskToken": "token-ok", "status": "SUCCESS", "output": detail},
                {"taskToken": "token-fail", "status": "FAILURE", "error": "OrgSync.AccountSyncFailed", "cause": "channel: blocked"},
                {"taskToken": "token-bare", "status": "FAILURE"},
                {"taskToken": "token-member", "status": "SUCCESS", "output": "[]"},
            ], emulator.state_out()["taskResults"])

    def test_output_must_be_json_within_the_size_limit(self):
        with Emulator(STATE) as emulator:
            sfn = emulator.client("stepfunctions")
            self.assertEqual(("InvalidOutput", "The provided JSON output data is not valid."),
                             error(lambda: sfn.send_task_success(taskToken="token-ok", output="not json")))
            code, message = error(lambda: sfn.send_task_success(taskToken="token-ok", output=json.dumps("é" * 140_000, ensure_ascii=False)))  # 140,002 characters, 280,002 bytes
            self.assertEqual("ValidationException", code)
            self.assertIn("'output'", message)
            code, message = error(lambda: sfn.send_task_failure(taskToken="token-ok", error="e" * 257))
            self.assertEqual("ValidationException", code)
            self.assertNotIn("taskResults", emulator.state_out())


if __name__ == "__main__":
    unittest.main()
