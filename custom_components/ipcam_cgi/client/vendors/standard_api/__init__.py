"""IP Camera Standard API (param.cgi, eventdata.cgi, ptz.cgi, io)."""
