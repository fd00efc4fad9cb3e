using MedicalInsurance.Domain.Provinces;

namespace MedicalInsurance.Domain.Calculation;

/// <summary>The parameters a calculation read, each once, in the order first read.</summary>
internal sealed class UsedParameters
{
    private readonly List<PolicyParameter> _items = new(12);

    public void Add(PolicyParameter parameter)
    {
        foreach (var item in _items)
        {
            if (ReferenceEquals(item, parameter))
            {
                return;
            }
        }

        _items.Add(parameter);
    }

    public List<PolicyParameter> Items => _items;
}
