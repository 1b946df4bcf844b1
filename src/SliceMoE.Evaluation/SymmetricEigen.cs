namespace SliceMoE.Evaluation;

/// <summary>Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations: exact to rounding, deterministic, no pivoting choices.</summary>
internal static class SymmetricEigen
{
    /// <summary>Eigenvalues (descending) and eigenvectors (columns of the returned matrix, same order) of symmetric <paramref name="a"/> (p × p).</summary>
    public static (double[] Values, double[,] Vectors) Decompose(double[,] a)
    {
        int p = a.GetLength(0);
        var m = (double[,])a.Clone();
        var v = new double[p, p];
        for (int i = 0; i < p; i++)
        {
            v[i, i] = 1;
        }

        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, scale = 0;
            for (int i = 0; i < p; i++)
            {
                scale += m[i, i] * m[i, i];
                for (int j = i + 1; j < p; j++)
                {
                    off += m[i, j] * m[i, j];
                }
            }

            if (off <= 1e-30 * Math.Max(scale, 1e-300))
            {
                break;
            }

            for (int i = 0; i < p - 1; i++)
            {
                for (int j = i + 1; j < p; j++)
                {
                    if (m[i, j] == 0)
                    {
                        continue;
                    }

                    // Rotation that zeroes m[i, j] (Golub & Van Loan, Algorithm 8.5.1), the smaller angle.
                    double theta = (m[j, j] - m[i, i]) / (2 * m[i, j]);
                    double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    double c = 1 / Math.Sqrt((t * t) + 1), s = t * c;
                    for (int k = 0; k < p; k++)
                    {
                        double mki = m[k, i], mkj = m[k, j];
                        m[k, i] = (c * mki) - (s * mkj);
                        m[k, j] = (s * mki) + (c * mkj);
                    }

                    for (int k = 0; k < p; k++)
                    {
                        double mik = m[i, k], mjk = m[j, k];
                        m[i, k] = (c * mik) - (s * mjk);
                        m[j, k] = (s * mik) + (c * mjk);
                    }

                    for (int k = 0; k < p; k++)
                    {
                        double vki = v[k, i], vkj = v[k, j];
                        v[k, i] = (c * vki) - (s * vkj);
                        v[k, j] = (s * vki) + (c * vkj);
                    }
                }
            }
        }

        var order = Enumerable.Range(0, p).OrderByDescending(i => m[i, i]).ThenBy(i => i).ToArray();
        var values = order.Select(i => m[i, i]).ToArray();
        var vectors = new double[p, p];
        for (int c = 0; c < p; c++)
        {
            for (int r = 0; r < p; r++)
            {
                vectors[r, c] = v[r, order[c]];
            }
        }

        return (values, vectors);
    }
}
