namespace SliceMoE.Reproduction.Baselines;

/// <summary>
/// Multinomial logistic regression on bag-of-words features of token-id sequences: one weight per (token, class)
/// plus a bias per class, feature values log(1 + count) or binary (<see cref="BagOfWordsOptions.Features"/>).
/// <para>
/// Training minimises mean cross-entropy + λ/2·‖W‖² over the training set, full batch, with L-BFGS from all-zero
/// weights (<see cref="BagOfWordsOptions.MaxIterations"/> iterations at most) — no randomness and a fixed summation
/// order, so the same inputs give the same weights bit for bit. One model is trained per λ in
/// <see cref="BagOfWordsOptions.EffectiveL2Grid"/> on the training split only; the one with the best validation
/// accuracy is kept (ties: lower validation loss, then the earlier grid entry). It is not retrained on train +
/// validation, so the validation split stays a clean model-selection set.
/// </para>
/// </summary>
public sealed class BagOfWordsLogisticRegression
{
    private readonly double[] _theta;

    private BagOfWordsLogisticRegression(double[] theta, int vocabularySize, int classes, BagOfWordsFeatures features, double l2, IReadOnlyList<BagOfWordsGridPoint> grid)
    {
        _theta = theta;
        VocabularySize = vocabularySize;
        Classes = classes;
        Features = features;
        L2 = l2;
        Grid = grid;
    }

    /// <summary>Number of token ids the features cover.</summary>
    public int VocabularySize { get; }

    /// <summary>Number of classes, C.</summary>
    public int Classes { get; }

    /// <summary>The feature values the model was trained with.</summary>
    public BagOfWordsFeatures Features { get; }

    /// <summary>The chosen L2 strength λ.</summary>
    public double L2 { get; }

    /// <summary>Every λ tried, in grid order, with its validation accuracy and loss and the L-BFGS iterations it took.</summary>
    public IReadOnlyList<BagOfWordsGridPoint> Grid { get; }

    /// <summary>Trains one model per grid λ on <paramref name="train"/> and keeps the best on <paramref name="validation"/>.</summary>
    /// <exception cref="ArgumentException">When a split is empty, an id is outside [0, vocabularySize), a label outside [0, classes), or the options are invalid.</exception>
    public static BagOfWordsLogisticRegression Train(IReadOnlyList<(int[] Ids, int Label)> train, IReadOnlyList<(int[] Ids, int Label)> validation, int vocabularySize, int classes, BagOfWordsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularySize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        options ??= new BagOfWordsOptions();
        var grid = options.EffectiveL2Grid;
        if (grid.Count == 0 || grid.Any(l => !(l >= 0) || double.IsInfinity(l)) || options.MaxIterations < 0 || options.History < 1)
        {
            throw new ArgumentException("The L2 grid must be non-empty, finite and ≥ 0; MaxIterations ≥ 0; History ≥ 1.", nameof(options));
        }

        if (train.Count == 0 || validation.Count == 0)
        {
            throw new ArgumentException("Both the training and the validation split need examples.", train.Count == 0 ? nameof(train) : nameof(validation));
        }

        var trainRows = SparseBagOfWords.Build(train, vocabularySize, classes, options.Features, nameof(train));
        var validRows = SparseBagOfWords.Build(validation, vocabularySize, classes, options.Features, nameof(validation));
        BagOfWordsLogisticRegression? best = null;
        double bestAccuracy = double.NegativeInfinity, bestLoss = double.PositiveInfinity;
        var points = new List<BagOfWordsGridPoint>();
        foreach (double l2 in grid)
        {
            var theta = new double[SoftmaxObjective.ParameterCount(vocabularySize, classes)];
            var (_, iterations) = Lbfgs.Minimise(
                (x, g) => SoftmaxObjective.Evaluate(trainRows, vocabularySize, classes, l2, x, g),
                theta,
                options.MaxIterations,
                options.History,
                options.GradientTolerance);
            var model = new BagOfWordsLogisticRegression(theta, vocabularySize, classes, options.Features, l2, points);
            double accuracy = model.Accuracy(validation);
            double loss = SoftmaxObjective.Loss(validRows, vocabularySize, classes, theta);
            points.Add(new BagOfWordsGridPoint(l2, accuracy, loss, iterations));
            if (accuracy > bestAccuracy || (accuracy == bestAccuracy && loss < bestLoss))
            {
                best = model;
                bestAccuracy = accuracy;
                bestLoss = loss;
            }
        }

        return best!;
    }

    /// <summary>The most probable class of <paramref name="ids"/> (the lowest class on a tie).</summary>
    /// <exception cref="ArgumentException">When an id is outside [0, <see cref="VocabularySize"/>).</exception>
    public int Predict(int[] ids)
    {
        var scores = Scores(ids);
        int arg = 0;
        for (int c = 1; c < scores.Length; c++)
        {
            if (scores[c] > scores[arg])
            {
                arg = c;
            }
        }

        return arg;
    }

    /// <summary>Class probabilities of <paramref name="ids"/> (length <see cref="Classes"/>, summing to 1).</summary>
    public double[] Probabilities(int[] ids)
    {
        var scores = Scores(ids);
        double max = scores.Max(), z = 0;
        for (int c = 0; c < scores.Length; c++)
        {
            scores[c] = Math.Exp(scores[c] - max);
            z += scores[c];
        }

        for (int c = 0; c < scores.Length; c++)
        {
            scores[c] /= z;
        }

        return scores;
    }

    /// <summary>Fraction of <paramref name="examples"/> whose label <see cref="Predict"/> gets right (0 for none).</summary>
    public double Accuracy(IReadOnlyList<(int[] Ids, int Label)> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        int right = examples.Count(e => Predict(e.Ids) == e.Label);
        return examples.Count == 0 ? 0 : right / (double)examples.Count;
    }

    /// <summary>The weight of token <paramref name="token"/> for class <paramref name="label"/>.</summary>
    public double Weight(int token, int label)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)token, (uint)VocabularySize, nameof(token));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)label, (uint)Classes, nameof(label));
        return _theta[(token * Classes) + label];
    }

    /// <summary>The bias of class <paramref name="label"/>.</summary>
    public double Bias(int label)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)label, (uint)Classes, nameof(label));
        return _theta[(VocabularySize * Classes) + label];
    }

    /// <summary>A copy of all parameters (weights token-major, then biases), for bit-for-bit comparisons.</summary>
    internal double[] Parameters() => (double[])_theta.Clone();

    private double[] Scores(int[] ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var (columns, values) = SparseBagOfWords.Row(ids, VocabularySize, Features);
        var scores = new double[Classes];
        SoftmaxObjective.Scores(_theta, VocabularySize * Classes, Classes, columns, values, scores);
        return scores;
    }
}
