"""A tiny Argos Translate package built at test time: a SentencePiece model trained on a
few sentences and a 2-layer, d=64 Transformer with random weights, saved int8 by
CTranslate2's own spec classes. Its output is gibberish by design; it exercises the real
install and translation code paths in well under a second."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np
import sentencepiece as spm
from ctranslate2 import specs

SENTENCES = [
    "Уряд ухвалив рішення про підвищення мінімальної зарплати з наступного року.",
    "Міністр закордонних справ зустрівся з колегами у Брюсселі щодо нових санкцій.",
    "У Києві відкрили новий міст через Дніпро, рух буде обмежено до весни.",
    "Депутати не підтримали законопроєкт про реформу податкової служби.",
    "Синоптики попереджають про сильний вітер і мокрий сніг у західних областях.",
    "Ціни на пальне зросли вже третій тиждень поспіль, кажуть аналітики.",
    "The government decided to raise the minimum wage from next year.",
    "The foreign minister met colleagues in Brussels about new sanctions.",
    "A new bridge over the Dnipro opened in Kyiv; traffic is limited until spring.",
    "Numbers such as 2026, 15 and 3.5 percent appear in the news every day.",
]
D_MODEL = 64
FFN = 128


def _train_sentencepiece(folder: Path) -> Path:
    corpus = folder / "corpus.txt"
    corpus.write_text("\n".join(SENTENCES * 5), encoding="utf-8")
    prefix = folder / "sentencepiece"
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(prefix),
        vocab_size=200,
        hard_vocab_limit=False,
        character_coverage=1.0,
        model_type="unigram",
        bos_id=-1,
        eos_id=2,
        unk_id=1,
        pad_id=0,
        pad_piece="<blank>",
        eos_piece="</s>",
        minloglevel=2,
    )
    return prefix.with_suffix(".model")


def _fill(spec: specs.TransformerSpec, vocab: int, rng: np.random.Generator) -> None:
    def weight(*shape: int) -> np.ndarray:
        return (rng.standard_normal(shape) * 0.1).astype(np.float32)

    for name, value in spec.variables().items():
        if value is not None and not (isinstance(value, np.ndarray) and value.dtype == object):
            continue
        parts = name.split("/")
        owner = spec
        for part in parts[:-1]:
            base, _, number = part.rpartition("_")
            if not hasattr(owner, part) and number.isdigit():
                owner = getattr(owner, base)[int(number)]
            else:
                owner = getattr(owner, part)
        leaf = parts[-1]
        if leaf == "gamma":
            array = np.ones(D_MODEL, np.float32)
        elif leaf == "beta":
            array = np.zeros(D_MODEL, np.float32)
        elif "embeddings" in name or "projection" in name:
            array = weight(vocab, D_MODEL)
        elif "ffn/linear_0" in name:
            array = weight(FFN, D_MODEL)
        elif "ffn/linear_1" in name:
            array = weight(D_MODEL, FFN)
        elif "self_attention/linear_0" in name:
            array = weight(3 * D_MODEL, D_MODEL)
        elif "attention/linear_1" in name and "self_attention" not in name:
            array = weight(2 * D_MODEL, D_MODEL)
        else:
            array = weight(D_MODEL, D_MODEL)
        setattr(owner, leaf, array)


def build_argosmodel(folder: Path, *, from_code: str = "uk", to_code: str = "en") -> Path:
    """Write `<folder>/tiny.argosmodel` (a zip as Argos Translate packs it); return it."""
    work = folder / "build"
    package = work / f"translate-{from_code}_{to_code}-tiny"
    package.mkdir(parents=True)
    sp_model = _train_sentencepiece(work)
    (package / "sentencepiece.model").write_bytes(sp_model.read_bytes())
    processor = spm.SentencePieceProcessor(model_file=str(sp_model))
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    pieces[0] = "<blank>"
    pieces = [*pieces, "<s>"] if "<s>" not in pieces else pieces
    spec = specs.TransformerSpec.from_config(2, 2)
    spec.register_source_vocabulary(pieces)
    spec.register_target_vocabulary(pieces)
    _fill(spec, len(pieces), np.random.default_rng(7))
    spec.validate()
    spec.optimize(quantization="int8")
    (package / "model").mkdir()
    spec.save(str(package / "model"))
    metadata = {
        "package_version": "0.0.1",
        "argos_version": "1.9.0",
        "from_code": from_code,
        "from_name": from_code,
        "to_code": to_code,
        "to_name": to_code,
        "name": f"tiny {from_code}-{to_code} (tests)",
    }
    (package / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    target = folder / "tiny.argosmodel"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(package.rglob("*")):
            if path.is_file():
                archive.write(path, str(path.relative_to(work)))
    target.write_bytes(buffer.getvalue())
    return target
