"""Two retrievers and their fusion, scored with recall@k, MRR and nDCG@k on a small help centre.

The corpus, the queries and the relevance judgements are written out below (grade 2: the
document answers the query; grade 1: it helps; unlisted: not relevant). The retrievers:

- BM25 (Robertson and Zaragoza 2009), k1 = 1.2 and b = 0.75, implemented here:
      score(q, d) = sum over distinct query terms t of
                    idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(d) / avglen))
      idf(t) = ln(1 + (N - n_t + 0.5) / (n_t + 0.5))
  with tf the count of t in d, n_t the number of documents holding t, N the number of documents.
  The 1 + inside the logarithm keeps a term found in most documents from scoring negative.
- Dense vectors: LSA (Deerwester et al. 1990), TF-IDF reduced to 20 dimensions by a truncated
  SVD, ranked by cosine similarity. It stands in for a neural embedding model, which cannot be
  downloaded in an offline snippet, and it is much weaker than one.
- Reciprocal rank fusion (Cormack, Clarke and Buettcher 2009) of the two rankings, k = 60.

Every ranking covers all documents; equal scores are ordered by document number. The metrics
are checked on hand cases and against scikit-learn on every query; the script exits with status
1 if a check fails.
"""

import argparse
import math
import re
import sys

import numpy as np
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import label_ranking_average_precision_score, ndcg_score, top_k_accuracy_score
from sklearn.preprocessing import normalize

DOCS = [
    "Reset your password: on the sign-in page choose Forgot password and follow the link we "
    "email you. The link expires after 30 minutes.",
    "Two-factor authentication adds a one-time code from an authenticator app to your sign-in. "
    "Turn it on under Settings > Security.",
    "If you lose your phone, sign in with one of the backup codes you saved when you turned on "
    "two-factor authentication.",
    "Locked out after too many failed sign-in attempts? Accounts unlock automatically after 15 "
    "minutes.",
    "Change the email address of your account under Settings > Profile. We send a confirmation "
    "to the new address.",
    "Create an invoice from the Invoices tab: add the customer, the line items and the due "
    "date, then send it by email.",
    "Recurring invoices are sent automatically every week, month or year until the end date "
    "you set.",
    "Export invoices to CSV or Excel from Reports > Export. Choose the date range and the "
    "columns to include.",
    "Download an invoice as a PDF from its page with the Download button; the PDF uses your "
    "logo and colours.",
    "Payment reminders: we email the customer three days before the due date and again when an "
    "invoice is overdue.",
    "Record a partial payment on an invoice; the remaining balance stays open until it is paid "
    "in full.",
    "Refunds: to refund a customer, open the payment and choose Refund. Card refunds take 5 to "
    "10 business days to arrive.",
    "If a customer was charged twice, refund the duplicate payment from the payment page; the "
    "invoice keeps one payment.",
    "Credit notes reduce what a customer owes without refunding money; apply a credit note to "
    "the next invoice.",
    "Cancel your subscription under Settings > Billing. You keep access until the end of the "
    "paid period.",
    "Upgrade or downgrade your plan at any time; the price difference is prorated on the next "
    "bill.",
    "Our plans: Starter for one user, Team for up to ten users, and Business with unlimited "
    "users and an API.",
    "We charge your card at the start of each billing period. Update the card under Settings > "
    "Billing.",
    "Tax rates: set VAT or sales tax per line item; the invoice shows the tax total and your "
    "tax number.",
    "Reverse charge: for business customers in another EU country, mark the invoice as reverse "
    "charge and omit VAT.",
    "Multiple currencies: send invoices in the customer's currency; reports convert amounts at "
    "the daily rate.",
    "Connect your bank account under Integrations > Bank feeds to import transactions every night.",
    "Error E1042 means the bank feed connection expired. Reconnect the bank account to resume "
    "the sync.",
    "Error E2001 appears when an import file is not valid CSV. Check the delimiter and the "
    "header row.",
    "Bank transactions are matched to open invoices by amount and reference; confirm or correct "
    "each suggested match.",
    "Create an API key under Settings > Developers. Keys have read or write scope and can be "
    "revoked at any time.",
    "Webhooks send an HTTP POST to your URL when an invoice is paid. Verify the X-Signature "
    "header with your secret.",
    "The API allows 100 requests per minute per key; requests above the limit return status 429.",
    "Invite team members under Settings > Users and give each a role: admin, accountant or viewer.",
    "Viewers can read invoices and reports but cannot send, edit or delete anything.",
    "Remove a user under Settings > Users; their invoices and notes stay in the account.",
    "Delete your account: an admin can close the account under Settings > Billing; all data is "
    "erased after 30 days.",
    "Data retention: invoices and payments are kept for ten years to meet bookkeeping rules, "
    "even after a user is removed.",
    "Import customers from a CSV file with name, email and address columns; duplicates are "
    "merged by email.",
    "The mobile app for iOS and Android lets you create invoices, photograph receipts and see "
    "who has paid.",
    "Scan a receipt with the mobile app and the amount, date and merchant are read automatically.",
    "Expenses: record purchases, attach receipts and assign a category for your tax return.",
    "Mileage: log business trips and the app computes the deductible amount at the official rate.",
    "Time tracking: start a timer on a project and turn the tracked hours into invoice line items.",
    "Late fees: add a fixed or percentage fee automatically when an invoice is more than 30 "
    "days overdue.",
    "Error E1024 means an invoice number is already in use. Choose another number or turn on "
    "automatic numbering.",
    "Error E2010 appears when a bank feed returns no transactions for the selected period.",
    "Verification of your business: upload a registration certificate to verify your company "
    "before sending more than 50 invoices.",
    "Refund policy for our subscription: we refund unused months when you cancel an annual plan "
    "within 30 days.",
    "Email signature: add your name and signature to the emails we send with invoices.",
    "Password rules: passwords need at least 12 characters; we never send passwords by email.",
    "Payment methods: customers can pay invoices by card, bank transfer or direct debit.",
    "Client portal: customers see their invoices, download PDFs and pay online.",
    "Hourly rates: set a default hourly rate per client or per project.",
    "Statement of account: send a customer a statement listing open invoices and payments.",
]
# Each query with its judged documents, numbered from 1 as above: {document: grade}.
QUERIES = [
    ("forgot password", {1: 2, 4: 1}),
    ("I can't log in, my phone with the authenticator is gone", {3: 2, 2: 1}),
    ("error E1042", {23: 2, 22: 1}),
    ("customer paid twice, how do I give the money back", {13: 2, 12: 1}),
    ("export invoices to excel", {8: 2}),
    ("how long do card refunds take", {12: 2, 13: 1}),
    ("cancel subscription", {15: 2, 32: 1, 44: 1}),
    ("VAT for EU business customers", {20: 2, 19: 1}),
    ("webhook signature verification", {27: 2, 26: 1}),
    ("too many requests 429", {28: 2}),
    ("invoice in dollars for a US client", {21: 2}),
    ("remind customers about unpaid invoices", {10: 2, 40: 1}),
    ("who can edit invoices", {30: 2, 29: 1}),
    ("photograph receipts on my phone", {36: 2, 35: 2, 37: 1}),
    ("bill a client for hours worked", {39: 2, 49: 1}),
    ("importing a bank statement file fails", {24: 2, 22: 1}),
    ("recurring monthly invoice", {7: 2}),
    ("change plan price", {16: 2, 17: 1}),
]
STOP = set(
    "a an the and or of to in on for by with is are be it its i my me you your we our how do "
    "can can't what when from at as this that after before each any all up until not no if".split()
)
K1, B = 1.2, 0.75
LSA_DIMENSIONS = 20
RRF_K = 60


def tokens(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP]


def bm25_scores(query: str, docs: list[list[str]], k1: float = K1, b: float = B) -> np.ndarray:
    n_docs = len(docs)
    avg_len = sum(len(d) for d in docs) / n_docs
    scores = np.zeros(n_docs)
    for term in set(tokens(query)):
        holding = sum(term in d for d in docs)
        if holding == 0:
            continue
        idf = math.log(1 + (n_docs - holding + 0.5) / (holding + 0.5))
        for i, doc in enumerate(docs):
            tf = doc.count(term)
            scores[i] += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(doc) / avg_len))
    return scores


def ranking(scores: np.ndarray) -> list[int]:
    """Document indices, best first; equal scores in document order."""
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))


def rrf(rankings: list[list[int]], k: int = RRF_K) -> list[int]:
    fused = np.zeros(len(rankings[0]))
    for ranked in rankings:
        for position, doc in enumerate(ranked, start=1):
            fused[doc] += 1 / (k + position)
    return ranking(fused)


def recall_at_k(ranked: list[int], grades: dict[int, int], k: int) -> float:
    return sum(doc in grades for doc in ranked[:k]) / len(grades)


def reciprocal_rank(ranked: list[int], grades: dict[int, int]) -> float:
    return next(1 / position for position, doc in enumerate(ranked, start=1) if doc in grades)


def ndcg_at_k(ranked: list[int], grades: dict[int, int], k: int) -> float:
    """Linear gain (the grade) and discount 1 / log2(position + 1), as scikit-learn's ndcg_score."""
    dcg = sum(grades.get(doc, 0) / math.log2(p + 1) for p, doc in enumerate(ranked[:k], start=1))
    ideal = sorted(grades.values(), reverse=True)[:k]
    return dcg / sum(g / math.log2(p + 1) for p, g in enumerate(ideal, start=1))


def check_hand_cases() -> list[str]:
    failures = []
    # BM25: "refund" in three short documents. N = 3, n = 2: idf = ln(1 + 1.5 / 2.5) = ln 1.6;
    # average length 8/3. Document 1 (2 words, tf 1): 1.2 * (0.25 + 0.75 * 2 / (8/3)) = 0.975;
    # document 2 (4 words, tf 2): 1.2 * (0.25 + 0.75 * 4 / (8/3)) = 1.65.
    tiny = [tokens("refund policy"), tokens("refund refund request form"), tokens("invoice export")]
    expected = [math.log(1.6) * 1 * 2.2 / (1 + 0.975), math.log(1.6) * 2 * 2.2 / (2 + 1.65), 0.0]
    got = bm25_scores("refund", tiny)
    print("hand case, BM25 of 'refund':", " ".join(f"{s:.4f}" for s in got))
    if not np.allclose(got, expected, rtol=0, atol=1e-12):
        failures.append(f"BM25 hand case: {got} instead of {expected}")
    # Metrics: ranking d3, d1, d7, d2, d5 (indices 2, 0, 6, 1, 4); d1 has grade 2, d2 grade 1.
    ranked, grades = [2, 0, 6, 1, 4], {0: 2, 1: 1}
    ideal_dcg = 2 / math.log2(2) + 1 / math.log2(3)
    cases = [
        ("recall@1", recall_at_k(ranked, grades, 1), 0.0),
        ("recall@3", recall_at_k(ranked, grades, 3), 0.5),
        ("recall@5", recall_at_k(ranked, grades, 5), 1.0),
        ("RR", reciprocal_rank(ranked, grades), 0.5),
        ("nDCG@5", ndcg_at_k(ranked, grades, 5), (2 / math.log2(3) + 1 / math.log2(5)) / ideal_dcg),
    ]
    print("hand case, metrics:", ", ".join(f"{name} {value:.4f}" for name, value, _ in cases))
    failures += [f"{n} hand case: {v} instead of {e}" for n, v, e in cases if abs(v - e) > 1e-12]
    return failures


def check_against_sklearn(name: str, ranked: list[int], grades: dict[int, int], k: int) -> list:
    """Recompute the three metrics from scikit-learn's implementations for one ranking."""
    n_docs = len(ranked)
    score = np.empty(n_docs)
    score[ranked] = np.arange(n_docs, 0, -1)  # positions as scores: no ties reach scikit-learn
    relevant = sorted(grades)
    # recall@k: each relevant document is a sample whose true label is that document.
    recall = top_k_accuracy_score(
        relevant, np.tile(score, (len(relevant), 1)), k=k, labels=np.arange(n_docs)
    )
    # RR: with one relevant label, label ranking average precision is 1 / its rank.
    one_hot = np.eye(n_docs, dtype=int)[relevant]
    rr = max(label_ranking_average_precision_score(row[None], score[None]) for row in one_hot)
    gains = np.zeros(n_docs)
    gains[relevant] = [grades[d] for d in relevant]
    ndcg = ndcg_score(gains[None], score[None], k=k)
    ours = (recall_at_k(ranked, grades, k), reciprocal_rank(ranked, grades))
    pairs = [("recall", ours[0], recall), ("RR", ours[1], rr)]
    pairs.append(("nDCG", ndcg_at_k(ranked, grades, k), ndcg))
    return [f"{name}: {m} {a} but scikit-learn {b}" for m, a, b in pairs if abs(a - b) > 1e-12]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, default=5, help="cutoff of recall@k and nDCG@k")
    args = parser.parse_args(argv)
    if not 1 <= args.k <= len(DOCS):
        parser.error(f"--k must be between 1 and {len(DOCS)}, the number of documents")
    k = args.k

    docs = [tokens(d) for d in DOCS]
    tfidf = TfidfVectorizer(analyzer=tokens, sublinear_tf=True)
    svd = TruncatedSVD(LSA_DIMENSIONS, algorithm="arpack", random_state=0)
    doc_vectors = normalize(svd.fit_transform(tfidf.fit_transform(DOCS)))

    def lsa_scores(query: str) -> np.ndarray:
        return doc_vectors @ normalize(svd.transform(tfidf.transform([query]))).ravel()

    n_judged = sum(len(g) for _, g in QUERIES)
    print(f"{len(DOCS)} documents, {len(QUERIES)} queries, {n_judged} judged relevant")
    print(f"BM25 k1 = {K1}, b = {B}; LSA {LSA_DIMENSIONS} dimensions; RRF k = {RRF_K}")
    failures = check_hand_cases()

    names = ("BM25", "LSA", "RRF")
    results = {name: [] for name in names}  # per query: recall@k, RR, nDCG@k, first relevant
    disagreements = []
    for text, judged in QUERIES:
        grades = {doc - 1: grade for doc, grade in judged.items()}
        bm25 = ranking(bm25_scores(text, docs))
        lsa = ranking(lsa_scores(text))
        for name, ranked in zip(names, (bm25, lsa, rrf([bm25, lsa])), strict=True):
            disagreements += check_against_sklearn(f"{name}, '{text}'", ranked, grades, k)
            rr = reciprocal_rank(ranked, grades)
            row = (recall_at_k(ranked, grades, k), rr, ndcg_at_k(ranked, grades, k), round(1 / rr))
            results[name].append(row)
    checked = len(QUERIES) * len(names)
    verdict = f"{len(disagreements)} disagreements" if disagreements else "all agree"
    print(f"recall@{k}, RR, nDCG@{k} recomputed by scikit-learn on {checked} rankings: {verdict}")
    failures += disagreements

    print()
    print(f"{'':<6}{f'recall@{k}':>10}{'MRR':>8}{f'nDCG@{k}':>9}   rank of first relevant")
    for name in names:
        table = np.array(results[name])
        first = " ".join(f"{int(r):>2}" for r in table[:, 3])
        means = f"{table[:, 0].mean():>10.3f}{table[:, 1].mean():>8.3f}{table[:, 2].mean():>9.3f}"
        print(f"{name:<6}{means}   {first}")

    ndcg = {name: np.array(results[name])[:, 2] for name in names}
    rng = np.random.default_rng(0)
    resamples = rng.integers(0, len(QUERIES), size=(10_000, len(QUERIES)))
    print()
    print(f"nDCG@{k}, paired over the {len(QUERIES)} queries: mean difference (95% bootstrap)")
    for a, b in (("RRF", "BM25"), ("RRF", "LSA"), ("LSA", "BM25")):
        diff = ndcg[a] - ndcg[b]
        low, high = np.percentile(diff[resamples].mean(axis=1), [2.5, 97.5])
        better, worse = int(np.sum(diff > 1e-12)), int(np.sum(diff < -1e-12))
        print(
            f"  {a} - {b:<5}{diff.mean():+.3f}  ({low:+.3f} to {high:+.3f}); "
            f"better on {better}, worse on {worse}"
        )

    if failures:
        print("\nCHECK FAILED:\n" + "\n".join(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
