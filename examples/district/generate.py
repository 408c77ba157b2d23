#!/usr/bin/env python3
"""Writes the fictional Riverbend Unified School District example.

    python3 examples/district/generate.py

writes modules.csv, scopes.csv and plans.csv next to this file (the formats of
shared/spec/csv-interchange.md), and results.csv, synthetic students' results
(the engine's own file; see write_results), then the four as one workbook,
workbook/district.xlsx (workbook.py). Standard library only, no network, and
deterministic: every school draws from its own random.Random seeded with
SEED and the school's id, so the same script always writes the same bytes.

The data holds no standards: the engine adds its embedded CCSS-M dataset.
Every code below is a CCSS-M standard or sub-standard code spelled exactly as
in shared/data/ccssm/codes.tsv. Everything else (the district, its schools,
the providers, the modules and the plans) is made up.

How the plans are drawn
-----------------------
The PD catalogue is listed in progression order (grade by grade, and within a
grade prerequisites first), so that a school whose PD calendar follows the
catalogue order teaches no standard before its prerequisite. Each school has a
profile that sets how good its plan is:

  strong     9-10 PD modules spread over every grade of the band, plus the 4
             interventions that back up most of that PD (fewest gaps)
  focused    PD in two strands (e.g. fractions and place value), 1-2 matching
             interventions, sometimes one that matches nothing
  thin       3-4 PD modules picked without a plan and 2-3 interventions bought
             separately (many uncovered major standards, C1)
  gap        a strand taught in grades g and g+2 but not g+1 (GAP_TEMPLATES,
             used in turn; in high
             school, a course sequence with a middle unit dropped), so that a
             standard's prerequisite and its successor are taught and the
             standard itself is not (C2)
  reordered  a focused plan whose calendar runs one strand backwards (e.g.
             grade-5 fractions PD in the autumn, grade-3 fractions in spring),
             so that prerequisites come later than what needs them (C5)

Unfinished-learning gaps (C3) and same-grade horizontal gaps (C4) come out of
every profile to some degree; the strong schools have the fewest. Because
schools draw different strands, a peer school usually covers what another one
lacks.
"""
import csv
import glob
import json
import os
import random
import sys

SEED = 20250117
HERE = os.path.dirname(os.path.abspath(__file__))

PROVIDERS = {
    "RMT": "Riverbend Math Team",
    "SUC": "State University Center for Mathematics Education",
    "NCC": "Numbers Count Collaborative",
    "BLP": "Bridgeway Learning Partners",
    "ESC": "Tri-County Education Service Center",
}

# PD catalogue in progression order: (id, provider, major work?, title, codes).
# "major work" marks modules most of whose codes lie in major-work clusters
# (K-8), or high-school modules of the Algebra I / Geometry core.
PD = [
    # Kindergarten
    ("PD-CC-K1", "RMT", True, "Counting and cardinality in kindergarten",
     "K.CC.A.1 K.CC.A.2 K.CC.A.3 K.CC.B.4 K.CC.B.4a K.CC.B.4b K.CC.B.4c K.CC.B.5 K.CC.C.6 K.CC.C.7"),
    ("PD-OA-K1", "NCC", True, "Story problems, number partners and teen numbers",
     "K.OA.A.1 K.OA.A.2 K.OA.A.3 K.OA.A.4 K.OA.A.5 K.NBT.A.1"),
    # Grade 1
    ("PD-OA-01", "NCC", True, "Addition and subtraction situations within 20",
     "1.OA.A.1 1.OA.A.2 1.OA.B.3 1.OA.B.4"),
    ("PD-OA-02", "RMT", True, "Making ten and the meaning of the equal sign",
     "1.OA.C.5 1.OA.C.6 1.OA.D.7 1.OA.D.8"),
    ("PD-NBT-01", "RMT", True, "Tens and ones: place value in grade 1",
     "1.NBT.A.1 1.NBT.B.2 1.NBT.B.2a 1.NBT.B.2b 1.NBT.B.2c 1.NBT.B.3 1.NBT.C.4 1.NBT.C.5 1.NBT.C.6"),
    ("PD-MD-01", "SUC", True, "Length measurement and the number line (grades 1-2)",
     "1.MD.A.1 1.MD.A.2 2.MD.A.1 2.MD.A.2 2.MD.A.3 2.MD.A.4 2.MD.B.5 2.MD.B.6"),
    # Grade 2
    ("PD-OA-03", "NCC", True, "One- and two-step word problems and fluency within 20",
     "2.OA.A.1 2.OA.B.2 2.OA.C.3 2.OA.C.4"),
    ("PD-NBT-02", "RMT", True, "Hundreds, tens and ones",
     "2.NBT.A.1 2.NBT.A.1a 2.NBT.A.1b 2.NBT.A.2 2.NBT.A.3 2.NBT.A.4"),
    ("PD-NBT-03", "RMT", True, "Place-value strategies for adding and subtracting within 1000",
     "2.NBT.B.5 2.NBT.B.6 2.NBT.B.7 2.NBT.B.8 2.NBT.B.9"),
    ("PD-DW-01", "RMT", True, "Number talks for fluency (grades 2-3)",
     "2.OA.B.2 2.NBT.B.5 2.NBT.B.9 3.NBT.A.2 3.OA.B.5 3.OA.C.7"),
    # Grade 3
    ("PD-OA-04", "RMT", True, "The meaning of multiplication and division",
     "3.OA.A.1 3.OA.A.2 3.OA.A.3 3.OA.A.4"),
    ("PD-OA-05", "NCC", True, "Properties, fact fluency and two-step problems",
     "3.OA.B.5 3.OA.B.6 3.OA.C.7 3.OA.D.8 3.OA.D.9"),
    ("PD-NF-01", "SUC", True, "Unit fractions on the number line",
     "3.G.A.2 3.NF.A.1 3.NF.A.2 3.NF.A.2a 3.NF.A.2b"),
    ("PD-NF-02", "SUC", True, "Equivalent fractions and comparing fractions in grade 3",
     "3.NF.A.3 3.NF.A.3a 3.NF.A.3b 3.NF.A.3c 3.NF.A.3d"),
    ("PD-MD-02", "RMT", True, "Area as multiplication",
     "3.MD.C.5 3.MD.C.5a 3.MD.C.5b 3.MD.C.6 3.MD.C.7 3.MD.C.7a 3.MD.C.7b 3.MD.C.7c 3.MD.C.7d"),
    ("PD-MD-03", "BLP", True, "Time, mass and liquid volume",
     "3.MD.A.1 3.MD.A.2 3.MD.B.3 3.MD.B.4"),
    # Grade 4
    ("PD-NBT-04", "RMT", True, "Place value to one million",
     "4.NBT.A.1 4.NBT.A.2 4.NBT.A.3 4.NBT.B.4"),
    ("PD-NBT-05", "BLP", True, "Multi-digit multiplication and division with area models",
     "4.NBT.B.5 4.NBT.B.6"),
    ("PD-OA-06", "RMT", True, "Multiplicative comparison and multistep problems",
     "4.OA.A.1 4.OA.A.2 4.OA.A.3 4.OA.B.4"),
    ("PD-NF-03", "SUC", True, "Equivalent fractions and comparison in grade 4",
     "4.NF.A.1 4.NF.A.2"),
    ("PD-NF-04", "SUC", True, "Adding and subtracting fractions built from unit fractions",
     "4.NF.B.3 4.NF.B.3a 4.NF.B.3b 4.NF.B.3c 4.NF.B.3d"),
    ("PD-NF-05", "SUC", True, "Multiplying a fraction by a whole number",
     "4.NF.B.4 4.NF.B.4a 4.NF.B.4b 4.NF.B.4c"),
    ("PD-NF-06", "NCC", True, "Decimal fractions: tenths and hundredths",
     "4.NF.C.5 4.NF.C.6 4.NF.C.7 4.MD.B.4"),
    ("PD-G-01", "BLP", False, "Angles, lines and measuring with a protractor",
     "4.G.A.1 4.G.A.2 4.MD.C.5 4.MD.C.5a 4.MD.C.5b 4.MD.C.6 4.MD.C.7"),
    # Grade 5
    ("PD-NBT-06", "RMT", True, "Place value and decimals to thousandths",
     "5.NBT.A.1 5.NBT.A.2 5.NBT.A.3 5.NBT.A.3a 5.NBT.A.3b 5.NBT.A.4"),
    ("PD-NF-07", "SUC", True, "Adding fractions with unlike denominators",
     "5.NF.A.1 5.NF.A.2"),
    ("PD-NF-08", "SUC", True, "Fractions as division and multiplication as scaling",
     "5.NF.B.3 5.NF.B.4 5.NF.B.4a 5.NF.B.4b 5.NF.B.5 5.NF.B.5a 5.NF.B.5b 5.NF.B.6"),
    ("PD-NF-09", "SUC", True, "Dividing with unit fractions",
     "5.NF.B.7 5.NF.B.7a 5.NF.B.7b 5.NF.B.7c"),
    ("PD-NBT-07", "NCC", True, "Multi-digit operations and decimal computation in grade 5",
     "5.NBT.B.5 5.NBT.B.6 5.NBT.B.7 5.OA.A.1 5.OA.A.2"),
    ("PD-MD-04", "BLP", True, "Volume: packing boxes and using formulas",
     "5.MD.C.3 5.MD.C.3a 5.MD.C.3b 5.MD.C.4 5.MD.C.5 5.MD.C.5a 5.MD.C.5b 5.MD.C.5c"),
    # Grade 6
    ("PD-DW-02", "SUC", True, "Tape diagrams from fraction problems to ratios (grades 5-6)",
     "5.NF.A.2 5.NF.B.6 6.RP.A.3 6.RP.A.3a 6.RP.A.3c"),
    ("PD-RP-01", "SUC", True, "Reasoning about ratios with tape diagrams",
     "6.RP.A.1 6.RP.A.2 6.RP.A.3 6.RP.A.3a 6.RP.A.3b 6.RP.A.3c 6.RP.A.3d"),
    ("PD-NS-01", "SUC", True, "Dividing fractions by fractions (grades 5-6)",
     "5.NF.B.7a 5.NF.B.7b 6.NS.A.1"),
    ("PD-NS-02", "RMT", True, "Negative numbers and the number line",
     "6.NS.C.5 6.NS.C.6 6.NS.C.6a 6.NS.C.6b 6.NS.C.6c"),
    ("PD-NS-03", "RMT", True, "Ordering rational numbers, absolute value and the four-quadrant plane",
     "6.NS.C.7 6.NS.C.7a 6.NS.C.7b 6.NS.C.7c 6.NS.C.7d 6.NS.C.8"),
    ("PD-EE-01", "NCC", True, "Expressions with variables",
     "6.EE.A.1 6.EE.A.2 6.EE.A.2a 6.EE.A.2b 6.EE.A.2c 6.EE.A.3 6.EE.A.4"),
    ("PD-EE-02", "NCC", True, "One-step equations, inequalities and two variables",
     "6.EE.B.5 6.EE.B.6 6.EE.B.7 6.EE.B.8 6.EE.C.9"),
    ("PD-G-02", "BLP", False, "Area, surface area and volume in grade 6",
     "6.G.A.1 6.G.A.2 6.G.A.3 6.G.A.4"),
    ("PD-SP-01", "ESC", False, "Statistical questions and distributions",
     "6.SP.A.1 6.SP.A.2 6.SP.A.3 6.SP.B.4 6.SP.B.5 6.SP.B.5c 6.SP.B.5d"),
    # Grade 7
    ("PD-RP-02", "SUC", True, "Proportional relationships in tables, graphs and equations",
     "7.RP.A.1 7.RP.A.2 7.RP.A.2a 7.RP.A.2b 7.RP.A.2c 7.RP.A.2d 7.RP.A.3"),
    ("PD-NS-04", "RMT", True, "Adding and subtracting integers on the number line",
     "7.NS.A.1 7.NS.A.1a 7.NS.A.1b 7.NS.A.1c 7.NS.A.1d"),
    ("PD-NS-05", "RMT", True, "Multiplying and dividing rational numbers",
     "7.NS.A.2 7.NS.A.2a 7.NS.A.2b 7.NS.A.2c 7.NS.A.2d 7.NS.A.3"),
    ("PD-EE-03", "NCC", True, "Equivalent expressions and equations in grade 7",
     "7.EE.A.1 7.EE.A.2 7.EE.B.3 7.EE.B.4 7.EE.B.4a 7.EE.B.4b"),
    ("PD-G-03", "BLP", False, "Scale drawings, circles and angle relationships",
     "7.G.A.1 7.G.A.2 7.G.B.4 7.G.B.5 7.G.B.6"),
    ("PD-SP-02", "ESC", False, "Sampling, inference and probability models",
     "7.SP.A.1 7.SP.A.2 7.SP.C.5 7.SP.C.6 7.SP.C.7 7.SP.C.7a 7.SP.C.8 7.SP.C.8b"),
    # Grade 8
    ("PD-EE-04", "RMT", True, "Exponents, roots and scientific notation",
     "8.NS.A.1 8.NS.A.2 8.EE.A.1 8.EE.A.2 8.EE.A.3 8.EE.A.4"),
    ("PD-G-04", "BLP", True, "Transformations, congruence and similarity",
     "8.G.A.1 8.G.A.1a 8.G.A.1b 8.G.A.1c 8.G.A.2 8.G.A.3 8.G.A.4"),
    ("PD-G-05", "BLP", True, "Angle relationships and the Pythagorean theorem",
     "8.G.A.5 8.G.B.6 8.G.B.7 8.G.B.8 8.G.C.9"),
    ("PD-EE-05", "SUC", True, "Slope and proportional relationships",
     "8.EE.B.5 8.EE.B.6"),
    ("PD-EE-06", "NCC", True, "Linear equations and systems of equations",
     "8.EE.C.7 8.EE.C.7a 8.EE.C.7b 8.EE.C.8 8.EE.C.8a 8.EE.C.8b 8.EE.C.8c"),
    ("PD-F-01", "SUC", True, "Introducing functions",
     "8.F.A.1 8.F.A.2 8.F.A.3 8.F.B.4 8.F.B.5"),
    ("PD-SP-03", "ESC", False, "Bivariate data and scatter plots",
     "8.SP.A.1 8.SP.A.2 8.SP.A.3 8.SP.A.4"),
    ("PD-DW-03", "SUC", True, "Making sense of functions (grade 8 to Algebra I)",
     "8.F.A.1 8.F.B.4 HSF-IF.A.1 HSF-IF.B.4 HSF-LE.A.2"),
    # High school
    ("PD-N-01", "RMT", True, "Quantities, units and rational exponents",
     "HSN-Q.A.1 HSN-Q.A.2 HSN-Q.A.3 HSN-RN.A.1 HSN-RN.A.2 HSN-RN.B.3"),
    ("PD-A-01", "SUC", True, "Seeing structure in expressions and polynomial arithmetic",
     "HSA-SSE.A.1 HSA-SSE.A.1a HSA-SSE.A.1b HSA-SSE.A.2 HSA-APR.A.1"),
    ("PD-F-02", "SUC", True, "Function notation and interpreting functions",
     "HSF-IF.A.1 HSF-IF.A.2 HSF-IF.A.3 HSF-IF.B.4 HSF-IF.B.5 HSF-IF.B.6"),
    ("PD-A-02", "NCC", True, "Linear equations, inequalities and systems",
     "HSA-REI.A.1 HSA-REI.B.3 HSA-REI.C.5 HSA-REI.C.6 HSA-REI.D.10 HSA-REI.D.11 HSA-REI.D.12"),
    ("PD-A-03", "SUC", True, "Quadratic expressions and equations",
     "HSA-SSE.B.3 HSA-SSE.B.3a HSA-SSE.B.3b HSA-SSE.B.3c HSA-REI.B.4 HSA-REI.B.4a HSA-REI.B.4b"),
    ("PD-A-04", "NCC", True, "Creating equations and inequalities",
     "HSA-CED.A.1 HSA-CED.A.2 HSA-CED.A.3 HSA-CED.A.4"),
    ("PD-F-03", "SUC", True, "Graphing functions and comparing their forms",
     "HSF-IF.C.7 HSF-IF.C.7a HSF-IF.C.7b HSF-IF.C.7e HSF-IF.C.8 HSF-IF.C.8a HSF-IF.C.9"),
    ("PD-F-04", "RMT", True, "Linear, quadratic and exponential models",
     "HSF-LE.A.1 HSF-LE.A.1a HSF-LE.A.1b HSF-LE.A.1c HSF-LE.A.2 HSF-LE.A.3 HSF-LE.B.5 HSF-IF.C.8b"),
    ("PD-F-05", "SUC", True, "Building functions and transformations of graphs",
     "HSF-BF.A.1 HSF-BF.A.1a HSF-BF.A.1b HSF-BF.A.2 HSF-BF.B.3 HSF-BF.B.4 HSF-BF.B.4a"),
    ("PD-A-05", "SUC", False, "Polynomial zeros and identities",
     "HSA-APR.B.2 HSA-APR.B.3 HSA-APR.C.4 HSA-APR.D.6"),
    ("PD-G-06", "BLP", True, "Rigid motions and triangle congruence",
     "HSG-CO.A.1 HSG-CO.A.2 HSG-CO.A.3 HSG-CO.A.4 HSG-CO.B.6 HSG-CO.B.7 HSG-CO.B.8"),
    ("PD-G-07", "BLP", True, "Proving geometric theorems and constructions",
     "HSG-CO.C.9 HSG-CO.C.10 HSG-CO.C.11 HSG-CO.D.12 HSG-CO.D.13"),
    ("PD-G-08", "SUC", True, "Similarity and right-triangle trigonometry",
     "HSG-SRT.A.1 HSG-SRT.A.1a HSG-SRT.A.1b HSG-SRT.A.2 HSG-SRT.A.3 HSG-SRT.B.4 HSG-SRT.B.5 HSG-SRT.C.6 HSG-SRT.C.7 HSG-SRT.C.8"),
    ("PD-G-09", "BLP", True, "Circles and coordinate geometry",
     "HSG-C.A.1 HSG-C.A.2 HSG-C.B.5 HSG-GPE.A.1 HSG-GPE.B.4 HSG-GPE.B.5 HSG-GPE.B.7"),
    ("PD-S-01", "ESC", True, "Summarizing and interpreting data",
     "HSS-ID.A.1 HSS-ID.A.2 HSS-ID.A.3 HSS-ID.B.5 HSS-ID.B.6 HSS-ID.B.6a HSS-ID.B.6c HSS-ID.C.7 HSS-ID.C.8 HSS-ID.C.9"),
    ("PD-S-02", "ESC", False, "Conditional probability and independence",
     "HSS-CP.A.1 HSS-CP.A.2 HSS-CP.A.3 HSS-CP.A.4 HSS-CP.A.5 HSS-CP.B.6 HSS-CP.B.7"),
]

# Interventions: (id, provider, tier, evidence, title, codes, PD modules whose
# prerequisites it addresses). Codes are prerequisites from earlier grades.
INTERVENTIONS = [
    ("INT-CNT-01", "NCC", 2, "strong", "Counting collections",
     "K.CC.A.1 K.CC.A.2 K.CC.A.3 K.CC.B.4b K.CC.B.4c K.CC.B.5 K.CC.C.6 K.CC.C.7",
     "PD-NBT-01 PD-NBT-02 PD-OA-02 PD-OA-03"),
    ("INT-CNT-02", "RMT", 2, "moderate", "Ten-frames and number partners",
     "K.OA.A.1 K.OA.A.2 K.OA.A.3 K.OA.A.4 K.OA.A.5 K.NBT.A.1",
     "PD-OA-01 PD-OA-02 PD-NBT-01 PD-OA-03 PD-NBT-03"),
    ("INT-CNT-03", "SUC", 3, "strong", "Intensive early numeracy",
     "K.CC.B.4b K.CC.B.5 K.OA.A.3 K.OA.A.5 1.OA.C.6 1.NBT.B.2",
     "PD-OA-02 PD-OA-03 PD-NBT-03"),
    ("INT-ADD-01", "NCC", 2, "strong", "Addition and subtraction strategies within 20",
     "1.OA.A.1 1.OA.B.3 1.OA.B.4 1.OA.C.5 1.OA.C.6 1.OA.D.7 1.OA.D.8",
     "PD-OA-03 PD-OA-04 PD-OA-05 PD-NBT-03 PD-MD-02"),
    ("INT-PV-01", "RMT", 2, "moderate", "Tens and ones with base-ten blocks",
     "1.NBT.A.1 1.NBT.B.2 1.NBT.B.2a 1.NBT.B.2c 1.NBT.B.3 1.NBT.C.4 1.NBT.C.5 1.NBT.C.6",
     "PD-NBT-02 PD-NBT-03 PD-OA-04 PD-OA-05"),
    ("INT-MEAS-01", "BLP", 1, "promising", "Length units and the number line",
     "1.MD.A.1 1.MD.A.2 2.MD.A.1 2.MD.A.2 2.MD.A.3 2.MD.B.6",
     "PD-NF-01 PD-NF-02 PD-MD-03"),
    ("INT-ADD-02", "NCC", 2, "moderate", "Word problems and fluency within 100",
     "2.OA.A.1 2.OA.B.2 2.OA.C.3 2.OA.C.4 2.NBT.A.2",
     "PD-OA-05 PD-OA-06 PD-NBT-04"),
    ("INT-PV-02", "RMT", 2, "moderate", "Place value and computation to 1000",
     "2.NBT.A.1 2.NBT.A.1a 2.NBT.A.2 2.NBT.A.3 2.NBT.A.4 2.NBT.B.5 2.NBT.B.6 2.NBT.B.7 2.NBT.B.8 2.NBT.B.9",
     "PD-NBT-04 PD-NBT-05 PD-OA-06"),
    ("INT-FRAC-01", "SUC", 1, "rationale", "Fractions as equal shares",
     "1.G.A.2 1.G.A.3 2.G.A.2 2.G.A.3 3.G.A.2",
     "PD-NF-01 PD-NF-02"),
    ("INT-MULT-01", "NCC", 2, "strong", "Equal groups and arrays",
     "3.OA.A.1 3.OA.A.2 3.OA.A.3 3.OA.A.4",
     "PD-OA-06 PD-NF-03 PD-NF-04 PD-NF-05 PD-NF-08"),
    ("INT-MULT-02", "BLP", 2, "moderate", "Multiplication fact fluency",
     "3.OA.B.5 3.OA.B.6 3.OA.C.7 3.OA.D.8 3.NBT.A.2 3.NBT.A.3",
     "PD-OA-06 PD-NBT-04 PD-NBT-05 PD-NBT-07 PD-MD-04"),
    ("INT-FRAC-02", "SUC", 2, "strong", "Fractions on the number line",
     "3.NF.A.1 3.NF.A.2a 3.NF.A.2b 3.NF.A.3a 3.NF.A.3b 3.NF.A.3c 3.NF.A.3d",
     "PD-NF-03 PD-NF-04 PD-NF-05 PD-NF-06 PD-NF-07 PD-NF-08 PD-NF-09"),
    ("INT-AREA-01", "BLP", 1, "promising", "Area with tiles and arrays",
     "3.MD.C.5a 3.MD.C.5b 3.MD.C.6 3.MD.C.7a 3.MD.C.7c",
     "PD-NBT-05 PD-NBT-07 PD-MD-04"),
    ("INT-FRAC-03", "SUC", 2, "moderate", "Equivalent fractions and unit-fraction sums",
     "4.NF.A.1 4.NF.A.2 4.NF.B.3 4.NF.B.3a 4.NF.B.3b 4.NF.B.3c 4.NF.B.3d",
     "PD-NF-07 PD-NF-08 PD-RP-01 PD-EE-02 PD-SP-01"),
    ("INT-FRAC-04", "NCC", 2, "promising", "Whole numbers times fractions, tenths and hundredths",
     "4.NF.B.4 4.NF.B.4a 4.NF.B.4b 4.NF.C.5 4.NF.C.6 4.NF.C.7",
     "PD-NF-08 PD-NF-09 PD-RP-01 PD-NS-01 PD-G-02"),
    ("INT-FRAC-05", "SUC", 3, "moderate", "Intensive fraction sense",
     "3.NF.A.1 3.NF.A.2a 3.NF.A.3a 4.NF.A.1 4.NF.B.3a",
     "PD-NBT-06 PD-NF-07 PD-NF-08 PD-NF-09 PD-NS-01"),
    ("INT-MDIV-01", "RMT", 2, "promising", "Multiplicative comparison and multi-digit computation",
     "4.OA.A.1 4.OA.A.2 4.NBT.A.1 4.NBT.B.4 4.NBT.B.5",
     "PD-NBT-07 PD-MD-04 PD-G-02"),
    ("INT-DEC-01", "NCC", 2, "moderate", "Decimal place value and operations",
     "5.NBT.A.1 5.NBT.A.2 5.NBT.A.3a 5.NBT.A.3b 5.NBT.A.4 5.NBT.B.5 5.NBT.B.6 5.NBT.B.7",
     "PD-NS-05 PD-EE-03"),
    ("INT-FRAC-06", "SUC", 2, "strong", "Fraction operations recovery",
     "5.NF.A.1 5.NF.A.2 5.NF.B.3 5.NF.B.4 5.NF.B.4a 5.NF.B.5 5.NF.B.6 5.NF.B.7",
     "PD-G-03 PD-SP-02 PD-EE-03 PD-NS-05"),
    ("INT-PAT-01", "ESC", 1, "rationale", "Expressions, patterns and the coordinate grid",
     "5.OA.A.1 5.OA.A.2 5.OA.B.3 5.G.A.1 5.G.A.2",
     "PD-EE-01 PD-EE-02 PD-RP-02"),
    ("INT-GEO-01", "BLP", 1, "rationale", "Area, volume and coordinates with polygons",
     "5.MD.C.3a 5.MD.C.4 5.MD.C.5a 5.MD.C.5b 6.G.A.1 6.G.A.2 6.G.A.3 6.G.A.4",
     "PD-G-03 PD-G-02"),
    ("INT-RAT-01", "SUC", 2, "moderate", "Ratio tables and double number lines",
     "6.RP.A.1 6.RP.A.2 6.RP.A.3 6.RP.A.3c 6.NS.A.1",
     "PD-RP-02 PD-EE-05 PD-SP-03 PD-F-01"),
    ("INT-INT-01", "RMT", 2, "promising", "Integers on the number line",
     "6.NS.C.5 6.NS.C.6a 6.NS.C.6b 6.NS.C.6c 6.NS.C.7a 6.NS.C.7b 6.NS.C.7c 6.NS.C.8",
     "PD-EE-03 PD-G-05 PD-SP-03 PD-EE-04 PD-EE-06"),
    ("INT-EXP-01", "NCC", 2, "moderate", "Expressions and one-step equations",
     "6.EE.A.1 6.EE.A.2 6.EE.A.2c 6.EE.A.3 6.EE.A.4 6.EE.B.5 6.EE.B.6 6.EE.B.7 6.EE.C.9",
     "PD-EE-03 PD-EE-06 PD-F-01"),
    ("INT-RN-01", "RMT", 2, "moderate", "Rational number operations",
     "7.NS.A.1b 7.NS.A.1c 7.NS.A.1d 7.NS.A.2c 7.NS.A.2d 7.NS.A.3 7.EE.B.3",
     "PD-EE-04 PD-EE-06 PD-N-01 PD-A-04 PD-A-03 PD-A-02"),
    ("INT-PROP-01", "SUC", 2, "strong", "Proportional relationships and slope",
     "7.RP.A.1 7.RP.A.2 7.RP.A.2a 7.RP.A.2b 7.RP.A.2c 7.RP.A.2d 8.EE.B.5 8.EE.B.6",
     "PD-F-01 PD-SP-03 PD-A-01 PD-A-04 PD-F-02 PD-F-03 PD-F-04 PD-F-05 PD-S-01"),
    ("INT-ALG-01", "NCC", 2, "strong", "Algebra readiness: expressions and linear equations",
     "7.EE.A.1 7.EE.A.2 7.EE.B.4 7.EE.B.4a 7.EE.B.4b 8.EE.C.7 8.EE.C.7a 8.EE.C.7b 8.EE.C.8 8.EE.C.8a",
     "PD-A-04 PD-A-02 PD-F-05"),
    ("INT-ALG-02", "SUC", 2, "moderate", "Functions bridge",
     "8.F.A.1 8.F.A.2 8.F.A.3 8.F.B.4 8.F.B.5 8.EE.A.1 8.EE.A.2",
     "PD-F-03 PD-F-04 PD-F-05 PD-A-01 PD-F-02"),
    ("INT-ALG-03", "NCC", 3, "moderate", "Intensive algebra foundations",
     "7.NS.A.3 7.EE.A.1 7.EE.B.4a 7.RP.A.2 8.EE.C.7b 8.F.A.1",
     "PD-A-04 PD-A-02 PD-F-05 PD-G-09"),
    ("INT-GEO-02", "BLP", 2, "promising", "Transformations and geometric reasoning",
     "7.G.A.1 7.G.A.2 7.G.B.5 8.G.A.1 8.G.A.2 8.G.A.3 8.G.A.4 8.G.A.5",
     "PD-G-06 PD-G-07 PD-G-08 PD-G-09 PD-A-02"),
    ("INT-STAT-01", "ESC", 1, "rationale", "Data and chance bridge",
     "7.SP.A.1 7.SP.A.2 7.SP.B.3 7.SP.B.4 7.SP.C.5 8.SP.A.1 8.SP.A.2 8.SP.A.3 8.SP.A.4",
     "PD-S-01"),
]

# Practice standards some PD modules name beside their content standards, in the
# spellings catalogues use. They are kept as the module's practices and change no count.
PRACTICES = {
    "PD-OA-04": "MP2 MP4",
    "PD-NF-01": "MP5",
    "PD-NF-04": "MP7;MP8",
    "PD-RP-01": "CCSS.Math.Practice.MP1 CCSS.Math.Practice.MP4",
    "PD-EE-06": "MP.7",
    "PD-A-04": "MP4",
    "PD-G-07": "MP3 MP5",
    "PD-S-01": "MP3",
}

DISTRICT = ("riverbend", "Riverbend Unified School District", "K", "12")
# The district's own plan: district-wide PD, in calendar order.
DISTRICT_PLAN = ["PD-DW-01", "PD-DW-02", "PD-DW-03"]

# Schools: (id, name, grade_lo, grade_hi, profile). Grades are written the way
# a spreadsheet would hold them (high schools zero-padded).
SCHOOLS = [
    ("es-alder", "Alder Elementary", "K", "5", "strong"),
    ("es-aspen", "Aspen Elementary", "K", "5", "focused"),
    ("es-birch", "Birch Elementary", "K", "5", "thin"),
    ("es-cottonwood", "Cottonwood Elementary", "K", "5", "focused"),
    ("es-dogwood", "Dogwood Elementary", "K", "5", "gap"),
    ("es-elm", "Elm Street Elementary", "K", "5", "focused"),
    ("es-fir", "Fir Grove Elementary", "K", "5", "reordered"),
    ("es-hawthorn", "Hawthorn Elementary", "K", "5", "strong"),
    ("es-hazel", "Hazel Park Elementary", "K", "5", "focused"),
    ("es-juniper", "Juniper Elementary", "K", "5", "thin"),
    ("es-laurel", "Laurel Elementary", "K", "5", "focused"),
    ("es-linden", "Linden Elementary", "K", "5", "gap"),
    ("es-magnolia", "Magnolia Elementary", "K", "5", "reordered"),
    ("es-maple", "Maple Elementary", "K", "5", "strong"),
    ("es-oakgrove", "Oak Grove Elementary", "K", "5", "focused"),
    ("es-pinehollow", "Pine Hollow Elementary", "K", "5", "thin"),
    ("es-poplar", "Poplar Elementary", "K", "5", "focused"),
    ("es-quailrun", "Quail Run Elementary", "K", "5", "gap"),
    ("es-redwood", "Redwood Elementary", "K", "5", "strong"),
    ("es-spruce", "Spruce Elementary", "K", "5", "thin"),
    ("es-sycamore", "Sycamore Elementary", "K", "5", "reordered"),
    ("es-tamarack", "Tamarack Elementary", "K", "5", "focused"),
    ("es-willow", "Willow Elementary", "K", "5", "focused"),
    ("ms-cedar", "Cedar Middle School", "6", "8", "strong"),
    ("ms-eastbrook", "Eastbrook Middle School", "6", "8", "focused"),
    ("ms-fairview", "Fairview Middle School", "6", "8", "thin"),
    ("ms-harbor", "Harbor Middle School", "6", "8", "gap"),
    ("ms-lakeside", "Lakeside Middle School", "6", "8", "focused"),
    ("ms-millbrook", "Millbrook Middle School", "6", "8", "reordered"),
    ("ms-northgate", "Northgate Middle School", "6", "8", "strong"),
    ("ms-riverside", "Riverside Middle School", "6", "8", "focused"),
    ("ms-stonebridge", "Stonebridge Middle School", "6", "8", "thin"),
    ("ms-westwood", "Westwood Middle School", "6", "8", "reordered"),
    ("hs-ridge", "Ridge High School", "09", "12", "strong"),
    ("hs-riverbend", "Riverbend High School", "09", "12", "focused"),
    ("hs-summit", "Summit High School", "09", "12", "gap"),
    ("hs-valley", "Valley High School", "09", "12", "thin"),
    ("hs-eastlake", "East Lake High School", "09", "12", "reordered"),
    ("hs-northfield", "Northfield High School", "09", "12", "focused"),
    ("ac-heritage", "Heritage Academy", "K", "8", "strong"),
    ("ac-discovery", "Discovery Academy", "K", "8", "thin"),
    # Opened this year: its plan is not written yet.
    ("es-newfield", "Newfield Elementary", "K", "5", "none"),
]

# Schools that also put their interventions on the calendar (after the PD).
SEQUENCED_INTERVENTIONS = {"es-hawthorn", "ms-northgate"}

# C2 templates: (modules taught, modules left out). Each leaves out the
# middle link of a chain u -> v -> w of the progression map.
GAP_TEMPLATES = {
    "es": [
        # 3.NF.A.1 -> 4.NF.B.3a -> 5.NF.A.1: grade-4 fractions skipped
        (["PD-NF-01", "PD-NF-02", "PD-NF-07", "PD-NF-08"],
         ["PD-NF-03", "PD-NF-04", "PD-NF-05", "PD-NF-06"]),
        # 2.OA.C.4 -> 3.OA.A.1 -> 4.OA.A.1: the meaning of multiplication skipped
        (["PD-OA-03", "PD-OA-06"], ["PD-OA-04", "PD-OA-05"]),
        # 2.NBT.B.5 -> 3.NBT.A.2 -> 4.NBT.B.4: grade-3 place value skipped
        (["PD-NBT-03", "PD-NBT-04", "PD-NBT-05"], ["PD-DW-01"]),
    ],
    "ms": [
        # 6.RP.A.2 -> 7.RP.A.2 -> 8.EE.B.6: grade-7 proportionality skipped
        (["PD-RP-01", "PD-EE-05"], ["PD-RP-02"]),
        # 6.EE.A.3 -> 7.EE.A.1 -> 8.EE.C.7b: grade-7 expressions skipped
        (["PD-EE-01", "PD-EE-06"], ["PD-EE-03"]),
    ],
    "hs": [
        # HSF-IF.A.1 -> HSF-IF.C.7 -> HSF-LE.A.3: graphing functions skipped
        (["PD-F-02", "PD-F-04"], ["PD-F-03"]),
        # HSA-SSE.A.2 -> HSA-SSE.B.3 -> HSA-APR.B.2: quadratics skipped
        (["PD-A-01", "PD-A-05"], ["PD-A-03"]),
    ],
}


def grade_of(code):
    """Grade of a CCSS-M code as a number: K = 0, high school = 9."""
    if code.startswith("HS"):
        return 9
    head = code.split(".", 1)[0]
    return 0 if head == "K" else int(head)


def grade_num(text):
    return 0 if text == "K" else int(text)


def strand_of(module_id):
    """PD-NF-04 -> NF, PD-CC-K1 -> CC, PD-DW-01 -> DW."""
    return module_id.split("-")[1]


class Module:
    def __init__(self, mid, kind, provider, title, codes, rank, core=False, tier="", evidence="",
                 supports=()):
        self.id, self.kind, self.provider, self.title = mid, kind, provider, title
        self.codes = codes.split()
        self.rank, self.core = rank, core
        self.tier, self.evidence = tier, evidence
        self.supports = list(supports)
        grades = [grade_of(c) for c in self.codes]
        self.lo, self.hi = min(grades), max(grades)


def catalogue():
    mods = []
    for rank, (mid, prov, core, title, codes) in enumerate(PD):
        mods.append(Module(mid, "pd", prov, title, codes, rank, core=core))
    for mid, prov, tier, ev, title, codes, supports in INTERVENTIONS:
        mods.append(Module(mid, "intervention", prov, title, codes, len(mods), tier=str(tier),
                           evidence=ev, supports=supports.split()))
    return mods


def band_key(lo, hi):
    if hi <= 5:
        return "es"
    if lo >= 9:
        return "hs"
    if lo >= 6:
        return "ms"
    return "k8"


def eligible_pd(mods, lo, hi):
    """PD whose highest grade falls in the band (district-wide modules
    belong to the district calendar and are not drawn here)."""
    return [m for m in mods if m.kind == "pd" and lo <= m.hi <= hi and strand_of(m.id) != "DW"]


def eligible_int(mods, pd_ids):
    return [m for m in mods if m.kind == "intervention" and set(m.supports) & pd_ids]


def matched(interventions, chosen_pd, rng):
    """Interventions ordered by how many adopted PD modules they back up."""
    ids = {m.id for m in chosen_pd}
    scored = [(-len(set(m.supports) & ids), rng.random(), m) for m in interventions]
    scored.sort(key=lambda t: (t[0], t[1]))
    return [m for s, _, m in scored if s < 0]


def spread_over_grades(pool, n, rng, lo, hi):
    """Round-robin over the grades of the band, one major-work module each."""
    chosen = []
    by_grade = {}
    for m in pool:
        if m.core:
            by_grade.setdefault(min(max(m.hi, lo), hi), []).append(m)
    for ms in by_grade.values():
        rng.shuffle(ms)
    while len(chosen) < n and any(by_grade.values()):
        for g in sorted(by_grade):
            if by_grade[g] and len(chosen) < n:
                chosen.append(by_grade[g].pop())
    return chosen


def focused_pd(pool, rng):
    """All modules of two strands (7-8 of them at most), topped up to 5-7."""
    strands = sorted({strand_of(m.id) for m in pool if m.core})
    picked = rng.sample(strands, 2)
    chosen = [m for m in pool if strand_of(m.id) in picked]
    if len(chosen) > 8:
        chosen = rng.sample(chosen, rng.randint(7, 8))
    target = rng.randint(5, 7)
    if len(chosen) < target:
        rest = [m for m in pool if m not in chosen]
        chosen += rng.sample(rest, target - len(chosen))
    return chosen


def plan_for(school, mods, rng, gap_index=0):
    sid, _, lo_t, hi_t, profile = school
    lo, hi = grade_num(lo_t), grade_num(hi_t)
    pool = eligible_pd(mods, lo, hi)
    by_id = {m.id: m for m in mods}
    reorder = False

    if profile == "strong":
        n = rng.randint(9, 10)
        pd = spread_over_grades(pool, n, rng, lo, hi)
        ints = matched(eligible_int(mods, {m.id for m in pd}), pd, rng)[:4]
    elif profile == "focused" or profile == "reordered":
        pd = focused_pd(pool, rng)
        cands = eligible_int(mods, {m.id for m in pool})
        ints = matched(cands, pd, rng)[:rng.randint(1, 2)]
        if rng.random() < 0.5:
            unmatched = [m for m in cands if m not in ints and not set(m.supports) & {p.id for p in pd}]
            if unmatched:
                ints.append(rng.choice(unmatched))
        reorder = profile == "reordered"
    elif profile == "thin":
        pd = rng.sample(pool, rng.randint(3, 4))
        cands = eligible_int(mods, {m.id for m in pool})
        ints = rng.sample(cands, max(6 - len(pd), rng.randint(2, 3)))
    elif profile == "none":
        return []
    elif profile == "gap":
        templates = GAP_TEMPLATES[band_key(lo, hi)]
        taught, skipped = templates[gap_index % len(templates)]
        pd = [by_id[t] for t in taught]
        rest = [m for m in pool if m.id not in taught and m.id not in skipped]
        pd += rng.sample(rest, rng.randint(2, 4))
        ints = matched(eligible_int(mods, {m.id for m in pool}), pd, rng)[:rng.randint(1, 2)]
    else:
        raise ValueError("unknown profile " + profile)

    # Every school adopts at least six modules: top up with backing interventions.
    if len(pd) + len(ints) < 6:
        extra = [m for m in matched(eligible_int(mods, {m.id for m in pool}), pd, rng) if m not in ints]
        ints += extra[:6 - len(pd) - len(ints)]

    pd.sort(key=lambda m: m.rank)
    if reorder:
        # Run the strand with the most modules backwards on the calendar.
        counts = {}
        for m in pd:
            counts[strand_of(m.id)] = counts.get(strand_of(m.id), 0) + 1
        strand = max(sorted(counts), key=lambda s: counts[s])
        slots = [i for i, m in enumerate(pd) if strand_of(m.id) == strand]
        backwards = [pd[i] for i in reversed(slots)]
        for i, m in zip(slots, backwards):
            pd[i] = m

    rows = [(sid, m.id, str(i + 1)) for i, m in enumerate(pd)]
    ints.sort(key=lambda m: m.rank)
    for j, m in enumerate(ints):
        seq = str(len(pd) + j + 1) if sid in SEQUENCED_INTERVENTIONS else ""
        rows.append((sid, m.id, seq))
    return rows


def shipped_standards():
    """(id -> parent, cluster -> its standards) of the shipped CCSS-M, read from
    standards/ccss-math (the repository's own dataset)."""
    parent, members = {}, {}
    for path in sorted(glob.glob(os.path.join(HERE, "..", "..", "standards", "ccss-math", "*.json"))):
        with open(path, encoding="utf-8") as f:
            for rec in json.load(f).get("standards", []):
                parent[rec["id"]] = rec.get("parent")
                if rec.get("cluster") and not rec.get("parent"):
                    members.setdefault(rec["cluster"], set()).add(rec["id"])
    return parent, members


# Providers whose catalogues name whole clusters where a module covers one.
BY_CLUSTER = {"SUC", "ESC"}


def as_listed(codes, parent, members, by_cluster):
    """A module's codes as a catalogue lists them: a standard covers its parts,
    so the parts of a listed parent are left out; and with `by_cluster`, a
    list holding every standard of a cluster names the cluster instead."""
    kept = [c for c in codes if parent.get(c) not in codes]
    for cluster, ids in sorted(members.items()) if by_cluster else ():
        if ids <= set(kept) and len(ids) > 1:
            first = min(kept.index(i) for i in ids)
            kept = [c for c in kept if c not in ids]
            kept.insert(first, cluster)
    return kept


def write_csv(name, header, rows):
    with open(os.path.join(HERE, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def check(mods, scopes, plans):
    ids = [m.id for m in mods]
    assert len(ids) == len(set(ids)), "duplicate module id"
    for m in mods:
        assert 2 <= len(m.codes) <= 10 and len(set(m.codes)) == len(m.codes), m.id
        assert m.hi - m.lo <= 1 or m.kind == "intervention", m.id
        for s in m.supports:
            assert s in ids, (m.id, s)
    scope_ids = {s[0] for s in scopes}
    assert len(scope_ids) == len(scopes), "duplicate scope id"
    per_scope = {}
    for sid, mid, _ in plans:
        assert sid in scope_ids and mid in ids, (sid, mid)
        per_scope.setdefault(sid, []).append(mid)
    for sid, ms in per_scope.items():
        assert len(ms) == len(set(ms)), sid
        assert sid == DISTRICT[0] or 6 <= len(ms) <= 14, (sid, len(ms))
    # Optional: the codes against the shared list, when it is checked out beside the repository.
    codes_tsv = os.path.join(HERE, "..", "..", "..", "shared", "data", "ccssm", "codes.tsv")
    if os.path.exists(codes_tsv):
        with open(codes_tsv, encoding="utf-8") as f:
            known = {line.split("\t")[0] for line in f
                     if line.count("\t") >= 1 and line.split("\t")[1] in ("standard", "component")}
        unknown = sorted({c for m in mods for c in m.codes} - known)
        assert not unknown, "codes not in codes.tsv: %s" % unknown


# Synthetic student results (results.csv). MADE UP, like everything here: no
# student, school or test is real. Each school is tested on the top-level
# standards of its grades 3-8 (sub-standards take their parent's results) and,
# in high school, on the widely applicable prerequisites. The share proficient
# starts from the school's profile, is higher where its plan teaches the
# standard and lower where it does not, lower where it backs the standard
# with an intervention (schools adopt interventions where students struggle),
# follows how its students did on the standard's prerequisites, and varies by
# chance; so students are weaker where a plan has gaps.
RESULTS_TERM = "2026-spring"
RESULTS_BASE = {"strong": 0.76, "focused": 0.7, "reordered": 0.68, "gap": 0.66, "thin": 0.62}
# Students per grade, by band.
COHORT = {"es": (40, 90), "k8": (30, 60), "ms": (150, 280), "hs": (120, 260)}


def tested_standards():
    """The standards a state test reports on, in file order, with their grade
    and prerequisites: top-level standards of grades 3-8, and high school's
    widely applicable prerequisites, read from standards/ccss-math."""
    tested, parent, before = [], {}, {}
    for path in sorted(glob.glob(os.path.join(HERE, "..", "..", "standards", "ccss-math", "*.json"))):
        with open(path, encoding="utf-8") as f:
            part = json.load(f)
        for rec in part.get("standards", []):
            parent[rec["id"]] = rec.get("parent")
            grade = grade_of(rec["id"])
            if rec.get("parent") is None and (3 <= grade <= 8 or (grade == 9 and rec.get("wap"))):
                tested.append((grade, rec["id"]))
        for e in part.get("builds_towards", []):
            before.setdefault(e["to"], []).append(e["from"])
    tested.sort(key=lambda t: t[0])
    return tested, parent, before


def write_results(mods, plans):
    """Writes results.csv: synthetic proficiency, one row per school and tested
    standard of its grades, term RESULTS_TERM. Its own random streams, so the
    other three files do not change."""
    tested, parent, before = tested_standards()
    by_id = {m.id: m for m in mods}
    adopted = {}
    for sid, mid, _ in plans:
        adopted.setdefault(sid, []).append(by_id[mid])

    def top(code):
        while parent.get(code):
            code = parent[code]
        return code

    rows = []
    for sid, _, lo_t, hi_t, profile in SCHOOLS:
        if profile == "none":
            continue  # opened this year: no results yet
        rng = random.Random("%d:results:%s" % (SEED, sid))
        lo, hi = grade_num(lo_t), grade_num(hi_t)
        taught = {top(c) for m in adopted.get(sid, []) if m.kind == "pd" for c in m.codes}
        backed = {top(c) for m in adopted.get(sid, []) if m.kind == "intervention" for c in m.codes}
        base = RESULTS_BASE[profile]
        share = {}
        cohorts = {}
        for grade, code in tested:
            if not lo <= grade <= hi:
                continue
            if grade not in cohorts:
                cohorts[grade] = rng.randint(*COHORT[band_key(lo, hi)])
            p = base + (0.08 if code in taught else -0.04) - (0.08 if code in backed else 0.0)
            known = [share[top(u)] for u in before.get(code, []) if top(u) in share]
            if known:
                p += 0.5 * (sum(known) / len(known) - base)
            p = min(0.95, max(0.08, p + rng.uniform(-0.14, 0.14)))
            n = cohorts[grade] - rng.randint(0, 4)
            share[code] = p
            rows.append((sid, code, RESULTS_TERM, n, int(p * n + 0.5)))
    write_csv("results.csv", ["scope", "standard", "term", "tested", "proficient"], rows)
    return len(rows)


def main():
    mods = catalogue()
    scopes = [(DISTRICT[0], DISTRICT[1], "", "", DISTRICT[2], DISTRICT[3])]
    scopes += [(sid, name, "", DISTRICT[0], lo, hi) for sid, name, lo, hi, _ in SCHOOLS]

    plans = [(DISTRICT[0], mid, str(i + 1)) for i, mid in enumerate(DISTRICT_PLAN)]
    gaps_seen = {}
    for school in SCHOOLS:
        rng = random.Random("%d:%s" % (SEED, school[0]))
        band = band_key(grade_num(school[2]), grade_num(school[3]))
        k = gaps_seen.get(band, 0)
        if school[4] == "gap":
            gaps_seen[band] = k + 1
        plans += plan_for(school, mods, rng, gap_index=k)

    check(mods, scopes, plans)
    parent, members = shipped_standards()
    assert parent, "standards/ccss-math not found beside this script"

    def listed(m):
        codes = as_listed(m.codes, parent, members, m.provider in BY_CLUSTER)
        return ";".join(codes + PRACTICES.get(m.id, "").replace(";", " ").split())

    write_csv("modules.csv", ["id", "kind", "title", "provider", "standards", "tier", "evidence"],
              [(m.id, m.kind, m.title, PROVIDERS[m.provider], listed(m), m.tier, m.evidence)
               for m in mods])
    write_csv("scopes.csv", ["id", "name", "framework", "parent", "grade_lo", "grade_hi"], scopes)
    write_csv("plans.csv", ["scope", "module", "sequence"], plans)
    results = write_results(mods, plans)
    print("wrote %d modules, %d scopes, %d plan rows, %d synthetic results rows to %s"
          % (len(mods), len(scopes), len(plans), results, os.path.relpath(HERE)), file=sys.stderr)
    # The same data as one workbook, so that it never lags the CSV files.
    import workbook
    workbook.main()


if __name__ == "__main__":
    main()
