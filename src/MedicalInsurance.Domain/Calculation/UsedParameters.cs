using MedicalInsurance.Domain.Provinces;

namespace MedicalInsurance.Domain.Calculation;

internal static class UsedParameters
{
    /// <summary>Adds <paramref name="parameter"/> unless the calculation already read it: each is listed once, in the order first read.</summary>
    public static void AddOnce(this List<PolicyParameter> used, PolicyParameter parameter)
    {
        foreach (var item in used)
        {
            if (ReferenceEquals(item, parameter))
            {
                return;
            }
        }

        used.Add(parameter);
    }
}
