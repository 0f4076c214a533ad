import type { IndexedTerm, TrieNode } from './term-index.ts';

/** Node has at least one child. */
export const HAS_CHILDREN = 1;
/** Some term ends at this node and allows a suffix after it. */
export const HAS_SUFFIX_TERMS = 2;

/**
 * The term trie frozen into flat typed arrays: edges live in one open-addressing hash table
 * keyed by (node, character), so a step costs one or two memory reads whether the trie holds
 * a hundred terms or a hundred thousand. (A Map per node costs several cache misses per step
 * once the trie no longer fits in cache; this layout is what keeps large lists cheap.)
 */
export class FlatTrie {
  readonly nodeCount: number;
  private readonly mask: number;
  private readonly slotNode: Int32Array;
  private readonly slotUnit: Uint16Array;
  private readonly slotChild: Int32Array;
  readonly flags: Uint8Array;
  /** Terms ending at each node (undefined for most nodes). */
  readonly terms: (IndexedTerm[] | undefined)[];
  /** Breadth-first numbering makes the children of a node a range of ids: [firstChild, firstChild + childCount). */
  readonly firstChild: Int32Array;
  readonly childCount: Int32Array;
  /** The character on the edge into each node. */
  readonly unitOf: Uint16Array;

  constructor(root: TrieNode) {
    // Number the nodes breadth-first so that nodes near the root, read most often, sit together.
    const nodes: TrieNode[] = [root];
    let edges = 0;
    for (let i = 0; i < nodes.length; i++) {
      const next = nodes[i]!.next;
      if (!next) continue;
      for (const child of next.values()) {
        nodes.push(child);
        edges++;
      }
    }
    this.nodeCount = nodes.length;
    let size = 16;
    while (size < edges * 2) size *= 2;
    this.mask = size - 1;
    this.slotNode = new Int32Array(size).fill(-1);
    this.slotUnit = new Uint16Array(size);
    this.slotChild = new Int32Array(size);
    this.flags = new Uint8Array(nodes.length);
    this.terms = new Array<IndexedTerm[] | undefined>(nodes.length).fill(undefined);
    this.firstChild = new Int32Array(nodes.length);
    this.childCount = new Int32Array(nodes.length);
    this.unitOf = new Uint16Array(nodes.length);
    const ids = new Map<TrieNode, number>(nodes.map((node, id) => [node, id]));
    nodes.forEach((node, id) => {
      if (node.terms) {
        this.terms[id] = node.terms;
        if (node.terms.some((t) => t.suffixes)) this.flags[id]! |= HAS_SUFFIX_TERMS;
      }
      if (!node.next) return;
      this.flags[id]! |= HAS_CHILDREN;
      this.firstChild[id] = ids.get(node.next.values().next().value!)!;
      this.childCount[id] = node.next.size;
      for (const [unit, child] of node.next) {
        this.unitOf[ids.get(child)!] = unit;
        let slot = hash(id, unit) & this.mask;
        while (this.slotNode[slot] !== -1) slot = (slot + 1) & this.mask;
        this.slotNode[slot] = id;
        this.slotUnit[slot] = unit;
        this.slotChild[slot] = ids.get(child)!;
      }
    });
  }

  /** The child of `node` along `unit`, or -1. */
  child(node: number, unit: number): number {
    if ((this.flags[node]! & HAS_CHILDREN) === 0) return -1;
    let slot = hash(node, unit) & this.mask;
    for (;;) {
      const owner = this.slotNode[slot]!;
      if (owner === -1) return -1;
      if (owner === node && this.slotUnit[slot] === unit) return this.slotChild[slot]!;
      slot = (slot + 1) & this.mask;
    }
  }
}

function hash(node: number, unit: number): number {
  let h = Math.imul(node, 0x9e3779b1) ^ Math.imul(unit, 0x85ebca77);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 12);
}
