import { pformat, pyRepr } from './python-format';

// Expected texts from Python 3.11's pprint.pformat(value, width=…) on the same JSON values.
const CASES: Array<[string, unknown, number, string[]]> = [
  [
    "breaks a nested dict over 72 columns, keys sorted",
    {"b": {"nested": {"deeper": ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]}}, "a": "short", "c": [1, 2.5, -3, true, false, null]},
    72,
    ["{'a': 'short',", " 'b': {'nested': {'deeper': ['one',", "                             'two',", "                             'three',", "                             'four',", "                             'five',", "                             'six',", "                             'seven',", "                             'eight',", "                             'nine']}},", " 'c': [1, 2.5, -3, True, False, None]}"],
  ],
  [
    "wraps a list one item a line, the last item allowing for the closing brackets",
    [[[[["deep", "deeper", "deepest", "way down here", "and more", "and more still", "end"]]]]],
    72,
    ["[[[[['deep',", "     'deeper',", "     'deepest',", "     'way down here',", "     'and more',", "     'and more still',", "     'end']]]]]"],
  ],
  [
    "cuts a long top-level string between words, in parentheses",
    "a top level string that is long enough to need wrapping at seventy-two columns for sure, yes",
    72,
    ["('a top level string that is long enough to need wrapping at '", " 'seventy-two columns for sure, yes')"],
  ],
  [
    "cuts a nested string without parentheses, one chunk per line",
    {"k": "line one\nline two which is rather long and goes past the width limit of the printer for sure\nthree"},
    72,
    ["{'k': 'line one\\n'", "      'line two which is rather long and goes past the width limit of '", "      'the printer for sure\\n'", "      'three'}"],
  ],
  [
    "keeps a string with no spaces whole",
    ["nospacesatallinthisverylongstringthatkeepsgoingandgoingwellpastthewidthofseventytwocolumns"],
    72,
    ["['nospacesatallinthisverylongstringthatkeepsgoingandgoingwellpastthewidthofseventytwocolumns']"],
  ],
  [
    "quotes and escapes like repr",
    {"quotes": "it's", "both": "it's \"x\"", "dq": "say \"hi\"", "ctl": "\u0007\u007f\u00a0\u00e9\u2028\ud83d\ude00\u200b", "tab": "a\tb\\c"},
    72,
    ["{'both': 'it\\'s \"x\"',", " 'ctl': '\\x07\\x7f\\xa0\u00e9\\u2028\ud83d\ude00\\u200b',", " 'dq': 'say \"hi\"',", " 'quotes': \"it's\",", " 'tab': 'a\\tb\\\\c'}"],
  ],
  [
    "prints floats like Python",
    {"floats": [0.1, 1e-05, 1.5e-07, 0.0001, 123.456, 1e+300, -0.5], "ints": [1234567890123, 0, -7]},
    40,
    ["{'floats': [0.1,", "            1e-05,", "            1.5e-07,", "            0.0001,", "            123.456,", "            1e+300,", "            -0.5],", " 'ints': [1234567890123, 0, -7]}"],
  ],
  [
    "sorts keys by code point and prints empty containers",
    {"x": [], "y": {}, "z": "", "zz": [{}], "\u00e9": 1, "Z": 2, "a": 3, "10": 4, "9": 5},
    40,
    ["{'10': 4,", " '9': 5,", " 'Z': 2,", " 'a': 3,", " 'x': [],", " 'y': {},", " 'z': '',", " 'zz': [{}],", " '\u00e9': 1}"],
  ],
  [
    "breaks only what overflows at width 72",
    {"key": ["aaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbb", "cccccccccccccccccccc"], "k2": "dddddddddddddddddddddddddddddddddddddddddddddddddddd eeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"},
    72,
    ["{'k2': 'dddddddddddddddddddddddddddddddddddddddddddddddddddd '", "       'eeeeeeeeeeeeeeeeeeeeeeeeeeeeeee',", " 'key': ['aaaaaaaaaaaaaaaaaaaa',", "         'bbbbbbbbbbbbbbbbbbbbbbbb',", "         'cccccccccccccccccccc']}"],
  ],
  [
    "leaves what fits on one line",
    {"interface": "bios", "step": "x"},
    72,
    ["{'interface': 'bios', 'step': 'x'}"],
  ],
];

describe('Python formatting of JSON values', () => {
  it.each(CASES)('pformat %s', (_name, value, width, lines) => {
    expect(pformat(value, width)).toBe(lines.join('\n'));
  });

  it('repr keeps the insertion order of dict keys and picks quotes like Python', () => {
    expect(pyRepr({ b: 1, a: [true, null, 'x'] })).toBe("{'b': 1, 'a': [True, None, 'x']}");
    expect(pyRepr("it's")).toBe('"it\'s"');
    expect(pyRepr('it\'s "x"')).toBe("'it\\'s \"x\"'");
    expect(pyRepr(1e16)).toBe('1e+16');
    expect(pyRepr(0.00001)).toBe('1e-05');
  });
});
