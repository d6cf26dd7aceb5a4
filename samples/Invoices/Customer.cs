namespace Contoso.Documents.Invoices;

/// <summary>The billing view of a customer, as the accounts service returns it.</summary>
public sealed class Customer
{
    public string Id { get; init; } = "";

    public string Email { get; init; } = "";

    public string PhoneNumber { get; init; } = "";

    public string TaxId { get; init; } = "";
}
