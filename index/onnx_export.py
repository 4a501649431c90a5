"""`python -m index.onnx_export MODEL_DIR OUT.onnx [--int8]`: export a sentence model to ONNX.

Run once per model, offline, in a child process of the first engine that needs it (see
`index.embed.ensure_onnx`): torch and transformers are imported here and nowhere in a serving
process. The export is the transformer only (token vectors out); pooling stays in numpy, so
the same code pools ONNX and torch outputs. Written to a temporary file and renamed, so a killed
export never leaves a half file that would be taken for a model.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def export(model_dir: Path, out: Path, *, int8: bool = False) -> None:
    """Write the ONNX export (and, with int8, its dynamically quantised twin) to `out`."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    model = AutoModel.from_pretrained(str(model_dir)).eval()

    class Transformer(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.model(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
            ).last_hidden_state

    ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]])
    mask = (ids > 0).long()
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=out.parent, suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        fp32 = tmp if not int8 else out.parent / "model.onnx"
        if not int8 or not fp32.exists():
            target = tmp if not int8 else Path(str(tmp) + ".fp32")
            import warnings

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                torch.onnx.export(
                    Transformer(),
                    (ids, mask),
                    str(target),
                    input_names=["input_ids", "attention_mask"],
                    output_names=["token_embeddings"],
                    dynamic_axes={
                        "input_ids": {0: "batch", 1: "tokens"},
                        "attention_mask": {0: "batch", 1: "tokens"},
                        "token_embeddings": {0: "batch", 1: "tokens"},
                    },
                    opset_version=17,
                    dynamo=False,
                )
            if int8:
                os.replace(target, fp32)
        if int8:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            quantize_dynamic(str(fp32), str(tmp), weight_type=QuantType.QInt8)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


def main(argv: list[str]) -> int:
    """Command-line entry point; errors are one line on stderr."""
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 2:
        print("usage: python -m index.onnx_export MODEL_DIR OUT.onnx [--int8]", file=sys.stderr)
        return 2
    try:
        export(Path(args[0]), Path(args[1]), int8="--int8" in argv)
    except Exception as exc:  # a child process: its one line is all the parent shows
        print(f"ONNX export failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
