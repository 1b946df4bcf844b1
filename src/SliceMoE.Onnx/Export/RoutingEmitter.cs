using Onnx;
using SliceMoE.Moe;
using SliceMoE.Onnx.Graph;

namespace SliceMoE.Onnx.Export;

/// <summary>
/// The selection step of an MoE layer at inference, as a subgraph: from the router's probabilities [R, E] (R = rows =
/// tokens·S, rows of one sequence contiguous) to which (row, expert) assignments are computed, active [R, E] (bool), and
/// their gates [R, E] (0 elsewhere). It reproduces <c>AssignmentSelection</c> without its training-only parts (dropout):
/// every rule ranks with TopK, whose ties go to the lower index, which is ours; selections are masks, so there is no
/// data-dependent loop. Each row's rank of each expert, rank [R, E], is what top-k, the SeqTopK floor and cap, and the
/// capacity limit's priority levels are read from.
/// </summary>
internal static class RoutingEmitter
{
    private const TensorProto.Types.DataType F32 = TensorProto.Types.DataType.Float;
    private const TensorProto.Types.DataType F64 = TensorProto.Types.DataType.Double;
    private const TensorProto.Types.DataType I64 = TensorProto.Types.DataType.Int64;
    private const TensorProto.Types.DataType Bool = TensorProto.Types.DataType.Bool;

    /// <summary>(active, gate) for probabilities and logits [R, E]; <paramref name="tokensPerSequence"/> is a 1-element int64 tensor.</summary>
    public static (string Active, string Gate) Emit(GraphBuilder g, MoeConfig c, string probabilities, string logits, string tokensPerSequence)
    {
        int e = c.Experts;
        string scores = c.Routing == RoutingMethod.Usmoe ? UsmoeScores(g, c, probabilities, logits) : probabilities;

        // rank[r, j]: the position of expert j in row r's descending order (ties: lower expert first).
        var (_, order) = g.TopK(scores, g.Int64([e]), axis: 1);
        var rank = g.Op("ScatterElements", [g.FilledLike(order, I64, 0), order, g.Op("Expand", g.Op("Range", g.Int64Scalar(0), g.Int64Scalar(e), g.Int64Scalar(1)), g.Op("Shape", order))], GraphBuilder.Int("axis", 1));
        var rowsPerSequence = g.Mul(tokensPerSequence, g.Int64([c.Slices]));
        string selected = c.Routing switch
        {
            RoutingMethod.TopK => g.Op("Less", rank, g.Int64Scalar(c.TopK)),
            RoutingMethod.SeqTopK or RoutingMethod.Usmoe => SequenceTopK(g, c, scores, rank, rowsPerSequence),
            RoutingMethod.ExpertChoice => ExpertChoice(g, c, scores, rowsPerSequence),
            _ => throw new NotSupportedException($"ONNX export: the router {c.Routing} has no export."),
        };

        var selectedF = g.Cast(selected, F32);
        var gate = g.Mul(scores, selectedF);
        if (c.NormalizeTopK)
        {
            // Rows without assignments would divide 0 by 0: Where keeps them at 0 (ours never reads them).
            gate = g.Where(selected, g.Div(gate, g.ReduceSum(gate, 1, keepDims: true)), g.FilledLike(gate, F32, 0));
        }

        string active = selected;
        if (c.CapacityFactor is double factor && c.Routing != RoutingMethod.ExpertChoice)
        {
            active = g.Op("And", selected, WithinCapacity(g, c, factor, selectedF, order, rank));
            gate = g.Mul(gate, g.Cast(active, F32));
        }

        return (active, gate);
    }

    /// <summary>USMoE's s = (1 − r)·p + (r·2/E)·σ(z/τ), computed in double and rounded to float as ours is.</summary>
    private static string UsmoeScores(GraphBuilder g, MoeConfig c, string probabilities, string logits)
    {
        double r = c.UsmoeBlend, k = 2.0 / c.Experts;
        var z = g.Mul(g.Cast(logits, F64), g.DoubleScalar(1 / c.Temperature));
        var sigmoidTerm = g.Div(g.DoubleScalar(r * k), g.Add(g.DoubleScalar(1), g.Op("Exp", g.Op("Neg", z))));
        return g.Cast(g.Add(g.Mul(g.DoubleScalar(1 - r), g.Cast(probabilities, F64)), sigmoidTerm), F32);
    }

    /// <summary>
    /// SeqTopK (and USMoE): per sequence, every row's best floor experts, then the highest remaining entries of the
    /// flattened [rows, E] scores up to the budget rows·k, never more than cap per row. Ours walks the sorted entries and
    /// skips rows at their cap; an entry is taken exactly when its row rank is in [floor, cap) and it is among the
    /// sequence's best budget − rows·floor such entries, which is one TopK over the masked scores (scores are ≥ 0, the
    /// mask value −1 is below them; there are always enough eligible entries since cap ≥ k).
    /// </summary>
    private static string SequenceTopK(GraphBuilder g, MoeConfig c, string scores, string rank, string rowsPerSequence)
    {
        int e = c.Experts, floor = c.SeqMinPerRow, cap = c.SeqMaxPerRow ?? e;
        var floorSelected = floor > 0 ? g.Op("Less", rank, g.Int64Scalar(floor)) : null;
        if (c.TopK == floor)
        {
            return floorSelected!;
        }

        var eligible = g.Op("And", g.Op("GreaterOrEqual", rank, g.Int64Scalar(floor)), g.Op("Less", rank, g.Int64Scalar(cap)));
        var masked = g.Where(eligible, scores, g.FloatScalar(-1f));
        var perSequence = g.Mul(rowsPerSequence, g.Int64([e]));
        var grouped = g.ReshapeTo(masked, g.Concat(0, g.Int64([-1]), perSequence));
        var budget = g.Mul(rowsPerSequence, g.Int64([c.TopK - floor]));
        var (_, picked) = g.TopK(grouped, budget, axis: 1);
        var marks = g.Op("ScatterElements", [g.FilledLike(grouped, F32, 0), picked, g.FilledLike(picked, F32, 1)], GraphBuilder.Int("axis", 1));
        var selected = g.Cast(g.ReshapeTo(marks, g.Op("Shape", scores)), Bool);
        return floorSelected is null ? selected : g.Op("Or", selected, floorSelected);
    }

    /// <summary>
    /// Expert Choice: per sequence of rows, each expert takes its capacity = clamp(round(c·rows·k/E), 1, rows) best rows
    /// (round half to even, as Math.Round; in double, as ours), ties to the earlier row.
    /// </summary>
    private static string ExpertChoice(GraphBuilder g, MoeConfig c, string scores, string rowsPerSequence)
    {
        int e = c.Experts;
        var budget = g.Cast(g.Mul(rowsPerSequence, g.Int64([c.TopK])), F64);
        var rounded = g.Op("Round", g.Div(g.Mul(g.DoubleScalar(c.CapacityFactor ?? 1.0), budget), g.DoubleScalar(e)));
        var capacity = g.Op("Min", g.Cast(g.Op("Max", rounded, g.DoubleScalar(1)), I64), rowsPerSequence);
        var columns = g.Transpose(g.ReshapeTo(scores, g.Concat(0, g.Int64([-1]), rowsPerSequence, g.Int64([e]))), 0, 2, 1); // [G, E, rows]
        var (_, picked) = g.TopK(columns, capacity, axis: 2);
        var marks = g.Op("ScatterElements", [g.FilledLike(columns, F32, 0), picked, g.FilledLike(picked, F32, 1)], GraphBuilder.Int("axis", 2));
        return g.Cast(g.ReshapeTo(g.Transpose(marks, 0, 2, 1), g.Op("Shape", scores)), Bool);
    }

    /// <summary>
    /// The capacity limit: C = ⌈factor·A/E⌉ (A = candidates, in double as ours); an assignment is kept when fewer than C
    /// assignments to its expert come before it in priority order: lower level first (level = the candidate's place
    /// among its row's candidates), then earlier rows. Levels are one-hot [R, E, L = E]; an exclusive CumSum over
    /// (level, row) per expert counts what comes before.
    /// </summary>
    private static string WithinCapacity(GraphBuilder g, MoeConfig c, double factor, string selectedF, string order, string rank)
    {
        int e = c.Experts;
        var candidates = g.Cast(g.Op("ReduceSum", [selectedF], GraphBuilder.Int("keepdims", 0)), F64);
        var capacity = g.Cast(g.Op("Ceil", g.Div(g.Mul(g.DoubleScalar(factor), candidates), g.DoubleScalar(e))), F32);
        var inOrder = g.Op("GatherElements", [selectedF, order], GraphBuilder.Int("axis", 1));
        var levelInOrder = g.Op("CumSum", [inOrder, g.Int64Scalar(1)], GraphBuilder.Int("exclusive", 1));
        var level = g.Cast(g.Op("GatherElements", [levelInOrder, rank], GraphBuilder.Int("axis", 1)), I64);
        var oneHot = g.Mul(g.Op("OneHot", [level, g.Int64Scalar(e), g.Op("Constant", [], GraphBuilder.FloatsTensor("value", 0f, 1f))], GraphBuilder.Int("axis", -1)), g.Unsqueeze(selectedF, 2));
        var byLevel = g.Transpose(oneHot, 2, 0, 1); // [L, R, E]
        var flat = g.ReshapeTo(byLevel, g.Concat(0, g.Int64([-1]), g.Int64([e])));
        var before = g.Op("CumSum", [flat, g.Int64Scalar(0)], GraphBuilder.Int("exclusive", 1));
        var back = g.Transpose(g.ReshapeTo(before, g.Op("Shape", byLevel)), 1, 2, 0); // [R, E, L]
        var priority = g.ReduceSum(g.Mul(back, oneHot), 2, keepDims: false);
        return g.Op("Less", priority, capacity);
    }
}
