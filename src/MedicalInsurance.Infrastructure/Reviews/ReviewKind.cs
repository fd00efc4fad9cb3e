namespace MedicalInsurance.Infrastructure.Reviews;

/// <summary>What the resident disputes about the year (stored by name); the correction itself is the review's proposed record.</summary>
public enum ReviewKind
{
    /// <summary>A payment the tax system lost: the year has no record, the resident shows a receipt.</summary>
    PaymentLost,

    /// <summary>Cover held elsewhere (外地参保) the file does not show.</summary>
    CoverElsewhere,

    /// <summary>The record is under the wrong scheme (居民医保, 职工医保, other public cover).</summary>
    WrongScheme,

    /// <summary>The record names the wrong enrollment group (e.g. medical aid, which exempts from the waiting period).</summary>
    WrongGroup,

    /// <summary>The record's payment date or amount is wrong.</summary>
    WrongPayment,
}
