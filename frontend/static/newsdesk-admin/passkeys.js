// After django-otp-webauthn's script has created a passkey: on the set-up page, go on to the
// recovery codes (a form posted for them); on the two-factor page, show the new list.
document.addEventListener("otp_webauthn.register_complete", () => {
  const next = document.querySelector("form[data-after-passkey]");
  if (next) {
    next.submit();
  } else {
    window.location.reload();
  }
});
