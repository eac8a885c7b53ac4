"""Trains the SentencePiece unigram tokenizer on the training sentences only, as NeMo's
scripts/tokenizers/process_asr_text_tokenizer.py lays it out: tokenizer.model, tokenizer.vocab, vocab.txt.

usage: /usr/bin/python3 train_tokenizer.py --text /tmp/demo-data/train_text.txt --out /tmp/demo-data/tokenizer
"""
import argparse
import os

import sentencepiece as spm


def write_nemo_vocab_txt(spe_vocab_path, vocab_txt_path):
    """NeMo's vocab.txt: every piece but <unk>; '\u2581x' written as 'x', '\u2581' as itself, others as '##x'."""
    with open(spe_vocab_path, encoding="utf-8") as f:
        pieces = [line.split("\t")[0] for line in f if line.strip()]
    with open(vocab_txt_path, "w", encoding="utf-8") as f:
        for piece in pieces[1:]:
            if piece == "\u2581":
                f.write(piece + "\n")
            elif piece.startswith("\u2581"):
                f.write(piece[1:] + "\n")
            else:
                f.write("##" + piece + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--text", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--vocab-size", type=int, default=128)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    prefix = os.path.join(args.out, "tokenizer")
    spm.SentencePieceTrainer.train(
        input=args.text, model_prefix=prefix, vocab_size=args.vocab_size, model_type="unigram",
        character_coverage=1.0, unk_id=0, bos_id=-1, eos_id=-1, pad_id=-1, num_threads=1,
        hard_vocab_limit=False, minloglevel=2)
    write_nemo_vocab_txt(prefix + ".vocab", os.path.join(args.out, "vocab.txt"))
    sp = spm.SentencePieceProcessor(model_file=prefix + ".model")
    print(f"tokenizer: {sp.get_piece_size()} pieces -> {prefix}.model")


if __name__ == "__main__":
    main()
