using SliceMoE.Reporting;
using SliceMoE.Reproduction.Plan;

namespace SliceMoE.Reproduction.Report;

/// <summary>Why the classification protocol differs from the paper's: the paper's protocol taken literally, measured.</summary>
internal static class ProtocolSection
{
    public static void Write(ReportContext ctx, ReportDocument doc)
    {
        var section = doc.AddSection("Classification protocol: frozen encoder");
        var ours = Variants.Slice("agnews");
        var literal = ours with { FrozenEncoder = true };
        section.AddParagraph("The paper freezes a pretrained DistilBERT encoder and trains only the MoE layer and the classifier. No pretrained encoder can be had here; the pretrained part we have is the word vectors. So our classifiers keep the pretrained token embeddings frozen (GloVe when fetched) and train the small encoder on top (projection, attention, norms) with the MoE layer and head. Freezing the rest as well, as the paper's protocol read literally would, freezes a random encoder; this comparison measures what that costs.");
        var table = new ReportTable("Protocol", new TableColumn("Accuracy", ColumnAlignment.Right), new TableColumn("ELE", ColumnAlignment.Right), new TableColumn("Trained parameters", Format: "N0"), new TableColumn("Model parameters", Format: "N0"))
        {
            Caption = $"SliceMoE (S=8) on {ctx.RoleName("agnews")} under both protocols.",
        };
        foreach (var (v, name) in new[] { (ours, "ours: frozen embeddings, trained encoder, MoE and head"), (literal, "literal: frozen embeddings and encoder (random), trained MoE and head") })
        {
            var r = ctx.Of(v).FirstOrDefault();
            table.AddRow(name, ctx.Measure(v, x => x.Validation?.Accuracy).Text("0.000"), ctx.Measure(v, x => x.Validation?.Ele).Text("0.000"), r?.TrainableParameters, r?.ModelParameters);
        }

        section.AddTable(table);
    }
}
