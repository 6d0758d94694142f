"""The portal's feedback and complaints pages (phản ánh, kiến nghị; issue 5 §7)."""
