"""The Huffman tree is word2vec.c's: pinned by hand, optimal, and consistent."""
import heapq

import numpy as np
import pytest

from w2v_core import HuffmanTree


def test_hand_checked_tree_for_a5_b2_c1_d1():
    # merges: d+c -> n0 (2); tie n0 vs b prefers the inner node: n0+b -> n1 (4); n1+a -> n2 (9)
    t = HuffmanTree([5, 2, 1, 1])
    assert [t.code_string(w) for w in range(4)] == ["1", "01", "001", "000"]
    assert [p.tolist() for p in t.points] == [[2], [2, 1], [2, 1, 0], [2, 1, 0]]
    assert [(m.first, m.second, m.count) for m in t.merges] == [(3, 2, 2), (4, 1, 4), (5, 0, 9)]
    assert t.weighted_length() == 15


def test_merges_record_both_queues_for_replay():
    t = HuffmanTree([5, 2, 1, 1])
    assert [(m.leaves_left, m.inner_queue) for m in t.merges] == [
        ((3, 2, 1, 0), ()), ((1, 0), (4,)), ((0,), (5,))]


def test_two_words_give_one_inner_node_and_one_bit_each():
    t = HuffmanTree([3, 3])
    assert [t.code_string(w) for w in range(2)] == ["1", "0"]
    assert [p.tolist() for p in t.points] == [[0], [0]]


def huffman_cost(counts):
    """Classic Huffman cost: sum of all merged weights (heapq, independent of the code above)."""
    heap = list(map(int, counts))
    heapq.heapify(heap)
    cost = 0
    while len(heap) > 1:
        s = heapq.heappop(heap) + heapq.heappop(heap)
        cost += s
        heapq.heappush(heap, s)
    return cost


@pytest.mark.parametrize("seed", range(8))
def test_code_is_optimal_with_many_ties(seed):
    rng = np.random.default_rng(seed)
    counts = np.sort(rng.integers(1, 6, size=int(rng.integers(2, 300))))[::-1]   # many ties
    t = HuffmanTree(counts)
    assert t.weighted_length() == huffman_cost(counts)


@pytest.mark.parametrize("seed", range(4))
def test_codes_are_prefix_free_and_points_follow_the_bits_from_the_root(seed):
    counts = np.sort(np.random.default_rng(seed).integers(1, 50, size=40))[::-1]
    t = HuffmanTree(counts)
    codes = [t.code_string(w) for w in range(t.V)]
    assert len(set(codes)) == t.V
    assert not any(a != b and b.startswith(a) for a in codes for b in codes)
    for w in range(t.V):
        node = t.root
        for point, bit in zip(t.points[w], t.codes[w]):
            assert point == node - t.V
            node = t.children(node)[bit]
        assert node == w


def test_inner_node_counts_are_sums_of_their_children():
    t = HuffmanTree([9, 7, 7, 3, 1])
    for n in range(t.V, 2 * t.V - 1):
        a, b = t.children(n)
        assert t.count[n] == t.count[a] + t.count[b]
    assert t.count[t.root] == 27


def test_frequent_words_never_get_longer_codes():
    t = HuffmanTree([50, 20, 10, 5, 5, 2, 1, 1])
    lengths = [len(c) for c in t.codes]
    assert lengths == sorted(lengths)


@pytest.mark.parametrize("counts,match", [([4], "at least 2 words"), ([1, 2], "descending")])
def test_bad_counts(counts, match):
    with pytest.raises(ValueError, match=match):
        HuffmanTree(counts)


def create_binary_tree_as_in_word2vec_c(counts):
    """word2vec.c's CreateBinaryTree transliterated: one count array with 1e15 sentinels,
    pos1 walking the leaves down, pos2 walking the inner nodes up, strict '<'."""
    V = len(counts)
    count = list(counts) + [10**15] * V
    binary, parent = [0] * (2 * V), [0] * (2 * V)
    pos1, pos2 = V - 1, V
    for a in range(V - 1):
        picked = []
        for _ in range(2):
            if pos1 >= 0 and count[pos1] < count[pos2]:
                picked.append(pos1)
                pos1 -= 1
            else:
                picked.append(pos2)
                pos2 += 1
        count[V + a] = count[picked[0]] + count[picked[1]]
        parent[picked[0]] = parent[picked[1]] = V + a
        binary[picked[1]] = 1
    codes, points = [], []
    for a in range(V):
        code, point, b = [], [], a
        while True:
            code.append(binary[b])
            point.append(b)
            b = parent[b]
            if b == 2 * V - 2:
                break
        codes.append(code[::-1])
        points.append([2 * V - 2 - V] + [p - V for p in point[::-1][:-1]])
    return codes, points


@pytest.mark.parametrize("seed", range(6))
def test_codes_and_points_equal_word2vec_c_on_vocabularies_with_ties(seed):
    rng = np.random.default_rng(seed)
    counts = np.sort(rng.integers(1, 8, size=int(rng.integers(2, 120))))[::-1]
    codes, points = create_binary_tree_as_in_word2vec_c(counts.tolist())
    t = HuffmanTree(counts)
    assert [c.tolist() for c in t.codes] == codes
    assert [p.tolist() for p in t.points] == points
